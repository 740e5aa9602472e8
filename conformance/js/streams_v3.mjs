// DynamoDB Streams through the JavaScript SDK v3 (@aws-sdk/client-dynamodb and
// @aws-sdk/client-dynamodb-streams from .deps/aws-sdk-v3, tools/install-deps.sh --oracle).
// Run by conformance/test_js_sdk_v3.py:
//
//   DDB_ENDPOINT=http://127.0.0.1:8000 TABLE=name node conformance/js/streams_v3.mjs
//
// Creates TABLE (default: a unique ddbconf_jsv3_* name) with a NEW_AND_OLD_IMAGES stream, puts,
// updates and deletes one item (every attribute type), then reads the stream with
// DynamoDBStreamsClient: ListStreams finds it, DescribeStream (paged) lists the shards,
// GetShardIterator TRIM_HORIZON on every shard (parents before children), GetRecords to the end of
// each. The records must be INSERT, MODIFY, REMOVE with the right Keys, OldImage and NewImage.
// Without DDB_ENDPOINT it talks to real DynamoDB with the configured credentials and region.
// Prints one JSON summary line and "streams v3 scenario OK"; exits 1 on a mismatch, 2 on an error.
// The table is deleted at the end.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const sdkDir = process.env.AWS_SDK_V3_DIR || path.join(here, "..", "..", ".deps", "aws-sdk-v3");
// ES module imports ignore NODE_PATH: load the SDK's CommonJS builds from the .deps folder.
const require = createRequire(path.join(sdkDir, "package.json"));
const {
  DynamoDBClient, CreateTableCommand, DeleteTableCommand, DescribeTableCommand, PutItemCommand,
  UpdateItemCommand, DeleteItemCommand, waitUntilTableExists,
} = require("@aws-sdk/client-dynamodb");
const {
  DynamoDBStreamsClient, ListStreamsCommand, DescribeStreamCommand, GetShardIteratorCommand,
  GetRecordsCommand,
} = require("@aws-sdk/client-dynamodb-streams");

const endpoint = process.env.DDB_ENDPOINT;
const config = { region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1" };
if (endpoint) {
  config.endpoint = endpoint;
  if (!process.env.AWS_ACCESS_KEY_ID) {
    config.credentials = { accessKeyId: "AKIDJSVTHREE", secretAccessKey: "jsv3secret" };
  }
}
const ddb = new DynamoDBClient(config);
const streams = new DynamoDBStreamsClient(config);
const table = process.env.TABLE || "ddbconf_jsv3_" + Math.random().toString(16).slice(2, 14);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Attribute values with binary members as base64, so that Buffer and Uint8Array compare equal.
function plain(value) {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v);
    return out;
  }
  return value;
}

const key = { pk: { S: "item#1" } };
const putItem = {
  pk: { S: "item#1" }, s: { S: "text" }, n: { N: "42" }, b: { B: Uint8Array.from([0, 255, 7]) },
  bool: { BOOL: true }, nul: { NULL: true }, ss: { SS: ["a", "b"] }, ns: { NS: ["1", "2.5"] },
  bs: { BS: [Uint8Array.from([1]), Uint8Array.from([2, 3])] },
  l: { L: [{ S: "x" }, { N: "1" }] }, m: { M: { inner: { S: "y" } } },
};
const updatedItem = { ...putItem, n: { N: "43" }, s: { S: "changed" } };

function lineage(shards) {
  // parents before children; a parent that is no longer described counts as read
  const ids = new Set(shards.map((s) => s.ShardId));
  const done = new Set();
  const order = [];
  while (order.length < shards.length) {
    const ready = shards.filter((s) => !done.has(s.ShardId) &&
      (!s.ParentShardId || !ids.has(s.ParentShardId) || done.has(s.ParentShardId)));
    if (ready.length === 0) throw new Error("shard lineage has a cycle: " + JSON.stringify(shards));
    for (const s of ready) { done.add(s.ShardId); order.push(s); }
  }
  return order;
}

async function readStream(arn) {
  const shards = [];
  let start;
  let pages = 0;
  do {
    const { StreamDescription: d } = await streams.send(
      new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }));
    assert.equal(d.StreamArn, arn);
    assert.equal(d.StreamViewType, "NEW_AND_OLD_IMAGES");
    assert.equal(d.TableName, table);
    shards.push(...d.Shards);
    start = d.LastEvaluatedShardId;
    pages++;
  } while (start);
  const records = [];
  for (const shard of lineage(shards)) {
    assert.match(shard.SequenceNumberRange.StartingSequenceNumber, /^\d+$/);
    let { ShardIterator: it } = await streams.send(new GetShardIteratorCommand({
      StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }));
    const closed = shard.SequenceNumberRange.EndingSequenceNumber !== undefined;
    for (let calls = 0; it && calls < 1000; calls++) {
      const resp = await streams.send(new GetRecordsCommand({ ShardIterator: it }));
      records.push(...resp.Records);
      it = resp.NextShardIterator;
      if (!closed && resp.Records.length === 0) break;   // an open shard read to its end
    }
  }
  return { shards: shards.length, pages, records };
}

async function main() {
  const created = await ddb.send(new CreateTableCommand({
    TableName: table, BillingMode: "PAY_PER_REQUEST",
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
  }));
  try {
    await waitUntilTableExists({ client: ddb, maxWaitTime: 300, minDelay: 1, maxDelay: 2 },
      { TableName: table });
    const { Table: desc } = await ddb.send(new DescribeTableCommand({ TableName: table }));
    const arn = desc.LatestStreamArn;
    assert.ok(arn, "DescribeTable has no LatestStreamArn");
    if (created.TableDescription.LatestStreamArn !== undefined) {
      assert.equal(created.TableDescription.LatestStreamArn, arn);
    }
    assert.deepEqual(desc.StreamSpecification,
      { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });

    await ddb.send(new PutItemCommand({ TableName: table, Item: putItem }));
    await ddb.send(new UpdateItemCommand({
      TableName: table, Key: key, UpdateExpression: "SET n = n + :one, s = :s",
      ExpressionAttributeValues: { ":one": { N: "1" }, ":s": { S: "changed" } } }));
    await ddb.send(new DeleteItemCommand({ TableName: table, Key: key }));

    // ListStreams by table name finds the table's stream
    let listed = [];
    let startArn;
    do {
      const resp = await streams.send(new ListStreamsCommand({
        TableName: table, ExclusiveStartStreamArn: startArn }));
      listed.push(...resp.Streams);
      startArn = resp.LastEvaluatedStreamArn;
    } while (startArn);
    assert.ok(listed.some((s) => s.StreamArn === arn && s.TableName === table &&
      s.StreamLabel === desc.LatestStreamLabel), "ListStreams: " + JSON.stringify(listed));

    // records reach the stream asynchronously on AWS: poll with a deadline
    let got;
    const deadline = Date.now() + 30000;
    for (;;) {
      got = await readStream(arn);
      if (got.records.length >= 3 || Date.now() > deadline) break;
      await sleep(500);
    }
    const recs = got.records;
    assert.deepEqual(recs.map((r) => r.eventName), ["INSERT", "MODIFY", "REMOVE"],
      JSON.stringify(plain(recs)));
    const seqs = [];
    for (const r of recs) {
      assert.equal(r.eventSource, "aws:dynamodb");
      assert.equal(r.eventVersion, "1.1");
      assert.equal(typeof r.eventID, "string");
      assert.equal(r.userIdentity, undefined);
      const d = r.dynamodb;
      assert.ok(d.ApproximateCreationDateTime instanceof Date &&
        !Number.isNaN(d.ApproximateCreationDateTime.getTime()), String(d.ApproximateCreationDateTime));
      assert.match(d.SequenceNumber, /^\d+$/);
      assert.equal(d.StreamViewType, "NEW_AND_OLD_IMAGES");
      assert.equal(typeof d.SizeBytes, "number");
      assert.deepEqual(plain(d.Keys), plain(key));
      seqs.push(BigInt(d.SequenceNumber));
    }
    assert.ok(seqs[0] < seqs[1] && seqs[1] < seqs[2], "sequence numbers " + seqs.join(","));
    const [ins, mod, rem] = recs.map((r) => r.dynamodb);
    assert.deepEqual(plain(ins.NewImage), plain(putItem));
    assert.equal(ins.OldImage, undefined);
    assert.deepEqual(plain(mod.OldImage), plain(putItem));
    assert.deepEqual(plain(mod.NewImage), plain(updatedItem));
    assert.deepEqual(plain(rem.OldImage), plain(updatedItem));
    assert.equal(rem.NewImage, undefined);
    assert.equal(new Set(recs.map((r) => r.eventID)).size, 3);

    console.log(JSON.stringify({ table, shards: got.shards, describePages: got.pages,
      events: recs.map((r) => r.eventName) }));
    console.log("streams v3 scenario OK");
  } finally {
    try {
      await ddb.send(new DeleteTableCommand({ TableName: table }));
    } catch (e) {
      console.error("cleanup: " + e.name + ": " + e.message);
    }
  }
}

main().catch((e) => {
  console.error(e instanceof assert.AssertionError ? "MISMATCH: " + e.message : e);
  process.exit(e instanceof assert.AssertionError ? 1 : 2);
});
