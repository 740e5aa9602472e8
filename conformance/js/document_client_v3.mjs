// The JavaScript SDK v3 DocumentClient (@aws-sdk/lib-dynamodb, with @aws-sdk/client-dynamodb, from
// .deps/aws-sdk-v3, tools/install-deps.sh --oracle) and its paginators. Run by
// conformance/test_js_document_client.py:
//
//   DDB_ENDPOINT=http://127.0.0.1:8000 TABLE=name node conformance/js/document_client_v3.mjs
//
// Creates TABLE (default: a unique ddbconf_jsdoc_* name; hash key pk S, range key sk N) and, through
// a DynamoDBDocumentClient with the marshalling options an application sets (removeUndefinedValues),
// writes 60 items holding nested maps, lists, string and number sets, binary, big integers (BigInt),
// negative and fractional numbers, null and undefined members:
//   * 30 items of partition "A" with PutCommand,
//   * 25 items of partition "B" with one BatchWriteCommand, then a BatchWriteCommand that deletes a
//     scratch item,
//   * 5 more of "B" in a TransactWriteCommand that also updates one item and condition-checks
//     another; a second TransactWriteCommand whose ConditionCheck fails must be cancelled whole.
// Then GetCommand, UpdateCommand (SET on nested paths and list elements, arithmetic, ADD to a number
// set, DELETE from a nested string set, REMOVE of a member and a list element; ReturnValues
// ALL_NEW), a PutCommand whose condition fails (ConditionalCheckFailedException, item unchanged)
// and one whose condition holds (ReturnValues ALL_OLD). Every result is compared with a model the
// script keeps of what it wrote.
// Last, paginateQuery and paginateScan with small page sizes (Limit) walk the table in several
// pages: forward, backward with a key range and a projection, with a filter, and a full scan. The
// pages must join to exactly the model's items (count, order for Query, contents); each page holds
// at most Limit items, a Query page that ends early evaluated exactly Limit items, and an unfiltered
// page's LastEvaluatedKey is the key of its last item.
// Without DDB_ENDPOINT it talks to real DynamoDB with the configured credentials and region.
// Prints one JSON summary line and "document client v3 scenario OK"; exits 1 on a mismatch, 2 on an
// error. The table is deleted at the end.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const sdkDir = process.env.AWS_SDK_V3_DIR || path.join(here, "..", "..", ".deps", "aws-sdk-v3");
// ES module imports ignore NODE_PATH: load the SDK's CommonJS builds from the .deps folder.
const require = createRequire(path.join(sdkDir, "package.json"));
const {
  DynamoDBClient, CreateTableCommand, DeleteTableCommand, waitUntilTableExists,
} = require("@aws-sdk/client-dynamodb");
const {
  DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, BatchWriteCommand,
  TransactWriteCommand, paginateQuery, paginateScan,
} = require("@aws-sdk/lib-dynamodb");

const endpoint = process.env.DDB_ENDPOINT;
const config = { region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1" };
if (endpoint) {
  config.endpoint = endpoint;
  if (!process.env.AWS_ACCESS_KEY_ID) {
    config.credentials = { accessKeyId: "AKIDJSDOCCLIENT", secretAccessKey: "jsdocsecret" };
  }
}
const ddb = new DynamoDBClient(config);
const doc = DynamoDBDocumentClient.from(ddb, {
  marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  unmarshallOptions: { wrapNumbers: false },
});
const table = process.env.TABLE || "ddbconf_jsdoc_" + Math.random().toString(16).slice(2, 14);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The model: what the table must hold, and a canonical form to compare documents with
// ---------------------------------------------------------------------------------------------

const BIG = 12345678901234567890n;   // beyond Number.MAX_SAFE_INTEGER: read back as a BigInt

function makeItem(pk, i) {
  return {
    pk, sk: i,
    name: `item ${pk}#${i}`,
    counter: i % 4,
    price: i * 1.25 - 10,
    big: i % 10 === 0 ? BIG + BigInt(i) : undefined,
    flag: i % 2 === 0,
    nothing: null,
    tags: new Set([`t${i % 3}`, "all"]),
    ids: new Set([i, i + 1000, -i - 0.5]),
    nested: {
      level1: { list: [i, `s${i}`, { deep: i * 2, ok: true }], flag: false, gone: undefined },
      tags: new Set(["x", "y", `z${i}`]),
    },
    list: [new Set(["in", "list"]), [1, [2, [3]]], { m: {} }, []],
    bin: Uint8Array.from([i, 255 - i, 0]),
    optional: undefined,
  };
}

const keyOf = (item) => `${item.pk}#${item.sk}`;
const model = new Map();

function compareCanon(a, b) {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

// Sets become sorted tagged arrays, binary base64, BigInt its digits; undefined members (which
// removeUndefinedValues drops on the way in) are left out, map keys sorted.
function canon(value) {
  if (value === null) return null;
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (value instanceof Set) return { $set: [...value].map(canon).sort(compareCanon) };
  if (value instanceof Uint8Array) return { $binary: Buffer.from(value).toString("base64") };
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(canon);
  if (typeof value === "object") {
    const out = {};
    for (const k of Object.keys(value).sort()) if (value[k] !== undefined) out[k] = canon(value[k]);
    return out;
  }
  return value;
}

function sameDoc(actual, expected, what) {
  assert.deepStrictEqual(canon(actual), canon(expected), what);
}

function expectedItems(pk, { descending = false, lo = -Infinity, hi = Infinity, filter } = {}) {
  const items = [...model.values()].filter((it) =>
    (pk === undefined || it.pk === pk) && it.sk >= lo && it.sk <= hi && (!filter || filter(it)));
  items.sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : a.sk - b.sk));
  return descending ? items.reverse() : items;
}

// ---------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------

async function inParallel(tasks, width) {
  let next = 0;
  async function worker() {
    while (next < tasks.length) await tasks[next++]();
  }
  await Promise.all(Array.from({ length: width }, worker));
}

async function batchWrite(requests) {
  let pending = { [table]: requests };
  for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
    assert.ok(attempt < 20, "BatchWriteCommand kept returning UnprocessedItems");
    if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** attempt));
    const resp = await doc.send(new BatchWriteCommand({ RequestItems: pending }));
    pending = resp.UnprocessedItems;
  }
}

async function expectError(promise, name, what) {
  try {
    await promise;
  } catch (e) {
    assert.equal(e.name, name, `${what}: ${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, 400, what);
    return e;
  }
  assert.fail(`${what}: succeeded, expected ${name}`);
}

async function getItem(pk, sk) {
  const resp = await doc.send(new GetCommand({
    TableName: table, Key: { pk, sk }, ConsistentRead: true }));
  return resp.Item;
}

async function writeEverything() {
  // 30 items of partition A, one PutCommand each
  const putsA = [];
  for (let i = 0; i < 30; i++) {
    const item = makeItem("A", i);
    model.set(keyOf(item), item);
    putsA.push(async () => {
      const resp = await doc.send(new PutCommand({ TableName: table, Item: item }));
      assert.equal(resp.Attributes, undefined, "PutCommand without ReturnValues");
    });
  }
  await inParallel(putsA, 8);

  // a scratch item, then 25 items of partition B in one BatchWriteCommand (its maximum), then a
  // BatchWriteCommand that deletes the scratch item
  await doc.send(new PutCommand({ TableName: table, Item: makeItem("C", 0) }));
  const batch = [];
  for (let i = 0; i < 25; i++) {
    const item = makeItem("B", i);
    model.set(keyOf(item), item);
    batch.push({ PutRequest: { Item: item } });
  }
  await batchWrite(batch);
  await batchWrite([{ DeleteRequest: { Key: { pk: "C", sk: 0 } } }]);
  assert.equal(await getItem("C", 0), undefined, "the BatchWriteCommand DeleteRequest");

  // a transaction: 5 more items of B, an update of A#1, a condition on A#2
  const txPuts = [];
  for (let i = 25; i < 30; i++) {
    const item = makeItem("B", i);
    txPuts.push(item);
  }
  await doc.send(new TransactWriteCommand({
    TransactItems: [
      ...txPuts.map((item) => ({ Put: { TableName: table, Item: item } })),
      {
        Update: {
          TableName: table, Key: { pk: "A", sk: 1 },
          UpdateExpression: "SET #counter = #counter + :one, #txn = :txn",
          ExpressionAttributeNames: { "#counter": "counter", "#txn": "txn" },
          ExpressionAttributeValues: { ":one": 1, ":txn": { by: "transaction", at: [1, 2] } },
        },
      },
      {
        ConditionCheck: {
          TableName: table, Key: { pk: "A", sk: 2 },
          ConditionExpression: "attribute_exists(pk) AND #counter = :two AND contains(#tags, :t)",
          ExpressionAttributeNames: { "#counter": "counter", "#tags": "tags" },
          ExpressionAttributeValues: { ":two": 2, ":t": "t2" },
        },
      },
    ],
  }));
  for (const item of txPuts) model.set(keyOf(item), item);
  const a1 = model.get("A#1");
  a1.counter += 1;
  a1.txn = { by: "transaction", at: [1, 2] };

  // a transaction whose ConditionCheck fails changes nothing
  const cancelled = await expectError(doc.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: table, Item: makeItem("B", 99) } },
      {
        ConditionCheck: {
          TableName: table, Key: { pk: "A", sk: 2 },
          ConditionExpression: "#counter = :wrong",
          ExpressionAttributeNames: { "#counter": "counter" },
          ExpressionAttributeValues: { ":wrong": 12345 },
        },
      },
    ],
  })), "TransactionCanceledException", "TransactWriteCommand with a failing ConditionCheck");
  assert.deepEqual((cancelled.CancellationReasons || []).map((r) => r.Code),
    ["None", "ConditionalCheckFailed"],
    "CancellationReasons " + JSON.stringify(cancelled.CancellationReasons));
  assert.equal(await getItem("B", 99), undefined, "a cancelled transaction wrote its Put");
}

async function readAndUpdate() {
  // GetCommand: an item as written, with undefined members dropped; a missing item
  sameDoc(await getItem("A", 3), model.get("A#3"), "GetCommand A#3");
  sameDoc(await getItem("A", 10), model.get("A#10"), "GetCommand A#10 (a BigInt member)");
  sameDoc(await getItem("B", 27), model.get("B#27"), "GetCommand B#27 (written by the transaction)");
  sameDoc(await getItem("A", 1), model.get("A#1"), "GetCommand A#1 (updated by the transaction)");
  assert.equal(await getItem("A", 1000), undefined, "GetCommand of a missing item");
  const projected = await doc.send(new GetCommand({
    TableName: table, Key: { pk: "A", sk: 7 },
    ProjectionExpression: "#nested.#level1.#list[2].deep, #ids, #big",
    ExpressionAttributeNames: { "#nested": "nested", "#level1": "level1", "#list": "list", "#ids": "ids",
      "#big": "big" },
  }));
  sameDoc(projected.Item,
    { nested: { level1: { list: [{ deep: 14 }] } }, ids: new Set([7, 1007, -7.5]) },
    "GetCommand with a ProjectionExpression");

  // UpdateCommand with an expression
  const updated = await doc.send(new UpdateCommand({
    TableName: table, Key: { pk: "A", sk: 4 },
    UpdateExpression: "SET #nested.#level1.#flag = :t, #counter = #counter + :inc, " +
      "#nested.#level1.#list[1] = :s, #added = :added, #price = #price - :cut " +
      "ADD #ids :moreIds DELETE #nested.#tags :rmTags REMOVE #nothing, #list[0]",
    ConditionExpression: "attribute_exists(pk) AND size(#nested.#level1.#list) = :three",
    ExpressionAttributeNames: {
      "#nested": "nested", "#level1": "level1", "#flag": "flag", "#counter": "counter", "#list": "list",
      "#added": "added", "#price": "price", "#ids": "ids", "#tags": "tags", "#nothing": "nothing",
    },
    ExpressionAttributeValues: {
      ":t": true, ":inc": 10, ":s": "replaced",
      ":added": { a: [1, "two"], b: undefined, c: new Set([3]) },
      ":cut": 0.5, ":moreIds": new Set([7, 8]), ":rmTags": new Set(["x", "z4"]), ":three": 3,
    },
    ReturnValues: "ALL_NEW",
  }));
  const a4 = model.get("A#4");
  a4.nested.level1.flag = true;
  a4.counter += 10;
  a4.nested.level1.list[1] = "replaced";
  a4.added = { a: [1, "two"], c: new Set([3]) };
  a4.price -= 0.5;
  a4.ids = new Set([...a4.ids, 7, 8]);
  a4.nested.tags = new Set(["y"]);
  delete a4.nothing;
  a4.list = a4.list.slice(1);
  sameDoc(updated.Attributes, a4, "UpdateCommand ReturnValues ALL_NEW");
  sameDoc(await getItem("A", 4), a4, "GetCommand after UpdateCommand");

  // a conditional PutCommand that fails leaves the item alone
  const before = model.get("A#5");
  await expectError(doc.send(new PutCommand({
    TableName: table, Item: { pk: "A", sk: 5, name: "overwritten" },
    ConditionExpression: "attribute_not_exists(pk)",
  })), "ConditionalCheckFailedException", "PutCommand attribute_not_exists(pk) on an existing item");
  await expectError(doc.send(new PutCommand({
    TableName: table, Item: { pk: "A", sk: 5, name: "overwritten" },
    ConditionExpression: "#counter = :c OR #name = :n",
    ExpressionAttributeNames: { "#counter": "counter", "#name": "name" },
    ExpressionAttributeValues: { ":c": 99, ":n": "nobody" },
  })), "ConditionalCheckFailedException", "PutCommand with a false value condition");
  sameDoc(await getItem("A", 5), before, "the item after failed conditional PutCommands");

  // one whose condition holds replaces the item and returns the old one
  const replacement = { ...makeItem("A", 6), name: "replaced A#6", extra: { list: [undefined, 1] } };
  const replaced = await doc.send(new PutCommand({
    TableName: table, Item: replacement,
    ConditionExpression: "#counter = :c AND #flag = :yes",
    ExpressionAttributeNames: { "#counter": "counter", "#flag": "flag" },
    ExpressionAttributeValues: { ":c": 2, ":yes": true },
    ReturnValues: "ALL_OLD",
  }));
  sameDoc(replaced.Attributes, model.get("A#6"), "PutCommand ReturnValues ALL_OLD");
  model.set("A#6", replacement);
  sameDoc(await getItem("A", 6), replacement, "GetCommand after a conditional PutCommand");
}

// ---------------------------------------------------------------------------------------------
// Paginators
// ---------------------------------------------------------------------------------------------

async function collect(paginator, pageSize, { query, filtered, keyNames = ["pk", "sk"] }) {
  const pages = [];
  const items = [];
  for await (const page of paginator) {
    const n = page.Items.length;
    assert.equal(page.Count, n, "Count is the number of Items");
    assert.ok(n <= pageSize, `a page of ${n} items with Limit ${pageSize}`);
    assert.ok(page.ScannedCount <= pageSize, `ScannedCount ${page.ScannedCount} with Limit ${pageSize}`);
    if (!filtered) assert.equal(page.ScannedCount, n, "ScannedCount without a filter");
    const lek = page.LastEvaluatedKey;
    if (lek !== undefined) {
      assert.deepEqual(Object.keys(lek).sort(), [...keyNames].sort(),
        "LastEvaluatedKey " + JSON.stringify(lek));
      // a Query of one partition stops early only at Limit
      if (query) assert.equal(page.ScannedCount, pageSize, "a Query page with a LastEvaluatedKey");
      if (!filtered && n > 0) {
        const last = page.Items[n - 1];
        assert.deepEqual(lek, Object.fromEntries(keyNames.map((k) => [k, last[k]])),
          "LastEvaluatedKey is the last item's key");
      }
    }
    pages.push({ items: n, scanned: page.ScannedCount, more: lek !== undefined });
    items.push(...page.Items);
    assert.ok(pages.length <= 200, "the paginator does not end");
  }
  return { pages, items };
}

function assertPages(label, got, expected, { ordered }) {
  const keys = got.items.map(keyOf);
  assert.equal(new Set(keys).size, keys.length, `${label}: an item on two pages: ${keys.join(",")}`);
  assert.equal(got.items.length, expected.length,
    `${label}: item count; pages ${JSON.stringify(got.pages)}`);
  const actual = ordered ? got.items
    : [...got.items].sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : a.sk - b.sk));
  if (ordered) assert.deepEqual(keys, expected.map(keyOf), `${label}: order`);
  for (let i = 0; i < expected.length; i++) {
    sameDoc(actual[i], expected[i], `${label}: item ${keyOf(expected[i])}`);
  }
  assert.ok(got.pages.length >= 3, `${label}: only ${got.pages.length} pages`);
  assert.equal(got.pages[got.pages.length - 1].more, false, `${label}: the last page`);
}

function project(item) {
  // ProjectionExpression "pk, sk, #name, #nested.#level1.#list[0], #tags"
  return {
    pk: item.pk, sk: item.sk, name: item.name,
    nested: { level1: { list: [item.nested.level1.list[0]] } }, tags: item.tags,
  };
}

async function paginate() {
  const summary = {};

  // the whole of partition A, forward, 7 at a time
  {
    const size = 7;
    const got = await collect(paginateQuery({ client: doc, pageSize: size }, {
      TableName: table, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": "A" },
      ConsistentRead: true,
    }), size, { query: true });
    const want = expectedItems("A");
    assertPages("paginateQuery A", got, want, { ordered: true });
    assert.ok(got.pages.length >= Math.ceil(want.length / size), "paginateQuery A pages");
    summary.queryForward = got.pages.map((p) => p.items);
  }

  // part of partition B, backward, with a projection, 4 at a time
  {
    const size = 4;
    const got = await collect(paginateQuery({ client: doc, pageSize: size }, {
      TableName: table, KeyConditionExpression: "pk = :p AND sk BETWEEN :lo AND :hi",
      ExpressionAttributeValues: { ":p": "B", ":lo": 3, ":hi": 26 }, ScanIndexForward: false,
      ProjectionExpression: "pk, sk, #name, #nested.#level1.#list[0], #tags",
      ExpressionAttributeNames: {
        "#name": "name", "#nested": "nested", "#level1": "level1", "#list": "list", "#tags": "tags",
      },
    }), size, { query: true });
    const want = expectedItems("B", { descending: true, lo: 3, hi: 26 }).map(project);
    assertPages("paginateQuery B backward", got, want, { ordered: true });
    summary.queryBackward = got.pages.map((p) => p.items);
  }

  // partition A with a filter: Limit counts the items read, so pages hold fewer
  {
    const size = 6;
    const got = await collect(paginateQuery({ client: doc, pageSize: size }, {
      TableName: table, KeyConditionExpression: "pk = :p", FilterExpression: "#counter = :zero",
      ExpressionAttributeNames: { "#counter": "counter" },
      ExpressionAttributeValues: { ":p": "A", ":zero": 0 },
    }), size, { query: true, filtered: true });
    const want = expectedItems("A", { filter: (it) => it.counter === 0 });
    assertPages("paginateQuery A filtered", got, want, { ordered: true });
    assert.equal(got.pages.reduce((s, p) => s + p.scanned, 0), expectedItems("A").length,
      "ScannedCount over the filtered pages");
    summary.queryFiltered = got.pages.map((p) => p.items);
  }

  // the whole table, 9 at a time
  {
    const size = 9;
    const got = await collect(paginateScan({ client: doc, pageSize: size }, { TableName: table }),
      size, {});
    const want = expectedItems(undefined);
    assert.equal(want.length, 60, "the model holds 60 items");
    assertPages("paginateScan", got, want, { ordered: false });
    summary.scan = got.pages.map((p) => p.items);
  }
  return summary;
}

async function main() {
  await ddb.send(new CreateTableCommand({
    TableName: table, BillingMode: "PAY_PER_REQUEST",
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" },
    ],
  }));
  try {
    await waitUntilTableExists({ client: ddb, maxWaitTime: 300, minDelay: 1, maxDelay: 2 },
      { TableName: table });
    await writeEverything();
    await readAndUpdate();
    const pages = await paginate();
    console.log(JSON.stringify({ table, items: model.size, pages }));
    console.log("document client v3 scenario OK");
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
