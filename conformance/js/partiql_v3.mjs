// PartiQL through the JavaScript SDK v3: @aws-sdk/client-dynamodb's ExecuteStatement,
// BatchExecuteStatement and ExecuteTransaction, and @aws-sdk/lib-dynamodb's DocumentClient
// versions of them (plain JavaScript values as parameters and results). Run by
// conformance/test_js_partiql.py:
//
//   DDB_ENDPOINT=http://127.0.0.1:8000 TABLE=name node conformance/js/partiql_v3.mjs
//
// Creates TABLE (pk S, sk N), inserts items with parameters, reads them back page by page
// (Limit and NextToken), updates one with RETURNING ALL NEW *, runs a batch whose second INSERT
// is a duplicate (a per-statement DuplicateItem error) and a transaction whose failing UPDATE
// cancels it (TransactionCanceledException, nothing written). Prints "partiql v3 scenario OK";
// exits 1 on a mismatch, 2 on an error. Without DDB_ENDPOINT it talks to real DynamoDB.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const sdkDir = process.env.AWS_SDK_V3_DIR || path.join(here, "..", "..", ".deps", "aws-sdk-v3");
const require = createRequire(path.join(sdkDir, "package.json"));
const {
  DynamoDBClient, CreateTableCommand, DeleteTableCommand, ExecuteStatementCommand: RawExecute,
  waitUntilTableExists,
} = require("@aws-sdk/client-dynamodb");
const {
  DynamoDBDocumentClient, ExecuteStatementCommand, BatchExecuteStatementCommand, ExecuteTransactionCommand,
} = require("@aws-sdk/lib-dynamodb");

const endpoint = process.env.DDB_ENDPOINT;
const config = { region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1" };
if (endpoint) {
  config.endpoint = endpoint;
  if (!process.env.AWS_ACCESS_KEY_ID) {
    config.credentials = { accessKeyId: "AKIDJSPARTIQL", secretAccessKey: "jspartiql" };
  }
}
const ddb = new DynamoDBClient(config);
const doc = DynamoDBDocumentClient.from(ddb);
const table = process.env.TABLE || "ddbconf_jspq_" + Math.random().toString(16).slice(2, 14);
const q = `"${table}"`;

async function main() {
  await ddb.send(new CreateTableCommand({
    TableName: table,
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" }],
    BillingMode: "PAY_PER_REQUEST",
  }));
  await waitUntilTableExists({ client: ddb, maxWaitTime: 120 }, { TableName: table });
  try {
    // The low-level client: typed AttributeValues.
    for (let sk = 1; sk <= 5; sk++) {
      const r = await ddb.send(new RawExecute({
        Statement: `INSERT INTO ${q} VALUE {'pk': ?, 'sk': ?, 'tags': <<'a', 'b'>>, 'n': ?}`,
        Parameters: [{ S: "p" }, { N: String(sk) }, { N: String(sk * 10) }],
      }));
      assert.deepEqual(r.Items, []);
    }
    // The DocumentClient: plain values, pages of two.
    const seen = [];
    let NextToken;
    let pages = 0;
    do {
      const r = await doc.send(new ExecuteStatementCommand({
        Statement: `SELECT sk, n FROM ${q} WHERE pk = ? AND sk >= ?`, Parameters: ["p", 2], Limit: 2, NextToken,
      }));
      seen.push(...r.Items);
      NextToken = r.NextToken;
      pages += 1;
    } while (NextToken);
    assert.deepEqual(seen, [2, 3, 4, 5].map((sk) => ({ sk, n: sk * 10 })));
    assert.ok(pages >= 2, "pages: " + pages);

    const updated = await doc.send(new ExecuteStatementCommand({
      Statement: `UPDATE ${q} SET n = n + 1 SET tags = set_add(tags, <<'c'>>) WHERE pk = 'p' AND sk = 1 RETURNING ALL NEW *`,
    }));
    assert.equal(updated.Items.length, 1);
    assert.equal(updated.Items[0].n, 11);
    assert.deepEqual([...updated.Items[0].tags].sort(), ["a", "b", "c"]);

    const batch = await doc.send(new BatchExecuteStatementCommand({
      Statements: [
        { Statement: `INSERT INTO ${q} VALUE {'pk': 'p', 'sk': 6}` },
        { Statement: `INSERT INTO ${q} VALUE {'pk': 'p', 'sk': 1}` },
      ],
    }));
    assert.equal(batch.Responses[0].Error, undefined);
    assert.equal(batch.Responses[1].Error.Code, "DuplicateItem");

    await assert.rejects(
      doc.send(new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `INSERT INTO ${q} VALUE {'pk': 'p', 'sk': 7}` },
          { Statement: `UPDATE ${q} SET n = 0 WHERE pk = 'p' AND sk = 2 AND n = 999` },
        ],
      })),
      (e) => e.name === "TransactionCanceledException" &&
        e.CancellationReasons.map((r) => r.Code).join(",") === "None,ConditionalCheckFailed");
    const after = await doc.send(new ExecuteStatementCommand({
      Statement: `SELECT sk FROM ${q} WHERE pk = 'p' AND sk >= 6`, ConsistentRead: true,
    }));
    assert.deepEqual(after.Items, [{ sk: 6 }]);
    console.log("partiql v3 scenario OK");
  } finally {
    await ddb.send(new DeleteTableCommand({ TableName: table }));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(e instanceof assert.AssertionError ? 1 : 2);
});
