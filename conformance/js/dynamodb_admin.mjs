// dynamodb-admin (npm dynamodb-admin, the local web GUI for DynamoDB) driven in headless Chromium
// with playwright-core, both from .deps/dynamodb-admin (tools/install-deps.sh --oracle). Run by
// conformance/test_dropin_dynamodb_admin.py, which seeds the table and starts dynamodb-admin:
//
//   ADMIN_URL=http://127.0.0.1:8302 TABLE=name CHROMIUM=/usr/bin/chromium \
//     SCREENSHOT=/tmp/table.png node conformance/js/dynamodb_admin.mjs
//
// TABLE must have the key pk (S, HASH) + sk (N, RANGE) and hold exactly the items SEED below.
// Through the GUI the script:
//   1. loads the table list (ListTables + DescribeTable per table) and finds TABLE in it;
//   2. opens the table page, whose item grid (paged Scan) must show every seeded key;
//   3. opens "Create item" (its JSON editor starts from the key schema: {"pk": "", "sk": 0}),
//      types CREATED into the editor and saves (PutItem, GetItem); the browser lands on the new
//      item's page, which must show CREATED;
//   4. fetches CREATED back through the "Get" tab (hash and range fields, GetItem);
//   5. opens an existing item from its "View" link, edits its JSON (PutItem replaces the whole
//      item: one attribute is dropped, two change, one is added) and saves; the editor must then
//      hold the item as read back (GetItem);
//   6. reloads the table page: four rows, with CREATED and the edit visible; screenshot (PNG) of
//      it to $SCREENSHOT;
//   7. opens the Meta (DescribeTable + Scan) and TTL (DescribeTimeToLive) tabs.
// Any dynamodb-admin answer >= 500 (its DynamoDB call failed), any error banner in a page or any
// uncaught page error fails the run. Prints one JSON summary line and "dynamodb-admin scenario
// OK"; exits 1 on a mismatch, 2 on any other error (browser, timeout).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const depsDir = process.env.DYNAMODB_ADMIN_DIR || path.join(here, "..", "..", ".deps", "dynamodb-admin");
// ES module imports ignore NODE_PATH: load playwright-core's CommonJS build from the .deps folder.
const require = createRequire(path.join(depsDir, "package.json"));
const { chromium } = require("playwright-core");

const adminUrl = (process.env.ADMIN_URL || "http://127.0.0.1:8001").replace(/\/+$/, "");
const table = process.env.TABLE;
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const screenshot = process.env.SCREENSHOT;
if (!table || !screenshot) {
  console.error("TABLE and SCREENSHOT must be set");
  process.exit(2);
}

// The items as dynamodb-admin shows them (lib-dynamodb's DocumentClient: N as JS numbers).
// conformance/test_dropin_dynamodb_admin.py writes SEED and checks CREATED and EDITED with boto3.
const SEED = [
  { pk: "alpha", sk: 1, name: "Alpha", count: 10, active: true },
  { pk: "bravo", sk: 2, name: "Bravo", count: 20, tags: ["x", "y"], profile: { city: "Oslo" } },
  { pk: "charlie", sk: 3, name: "Charlie", count: 30 },
];
const CREATED = {
  pk: "delta", sk: 4, name: "Delta from the GUI", count: 40,
  nested: { list: [1, "two", false], nothing: null }, price: 12.5,
};
const EDITED_FROM = SEED[1];
const EDITED = {
  pk: "bravo", sk: 2, name: "Bravo edited in the GUI", count: 21, tags: ["x", "y", "z"],
  editedBy: "dynamodb-admin",
};

const tableUrl = `${adminUrl}/tables/${encodeURIComponent(table)}`;
const itemPath = (item) => `/tables/${encodeURIComponent(table)}/items/` +
  encodeURIComponent(`${item.pk},${item.sk}`);
// The item page of `item`, however the browser spells the comma in the URL (%2C or ,).
const atItem = (item) => (url) =>
  decodeURIComponent(new URL(url).pathname) === `/tables/${table}/items/${item.pk},${item.sk}`;

// Same JSON regardless of key order.
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  }
  return value;
}
const same = (actual, expected, what) =>
  assert.deepEqual(canonical(actual), canonical(expected), what);

const serverErrors = [];
const pageErrors = [];

async function noErrorBanner(page, where) {
  const banner = (await page.locator("#error-wrapper").innerText().catch(() => "")).trim();
  assert.equal(banner, "", `${where}: dynamodb-admin shows an error: ${banner}`);
}

async function editorValue(page) {
  // The item page's Ace editor; ace.edit on its element returns the existing instance.
  return page.evaluate(() => ace.edit("documentTextarea").getValue());
}

async function editorJson(page, where) {
  const text = await editorValue(page);
  try {
    return JSON.parse(text);
  } catch (e) {
    assert.fail(`${where}: the editor does not hold JSON: ${text}`);
  }
}

// Replaces the editor's text the way a user does: click into it, select all, type.
async function typeIntoEditor(page, value) {
  const text = JSON.stringify(value, null, 2);
  await page.locator("#documentTextarea .ace_content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
  const typed = await editorValue(page);
  assert.equal(typed, text, "the editor did not take the typed JSON as is");
}

async function waitForRows(page, count, where) {
  const rows = page.locator("#items-container tr");
  // The grid is filled by a fetch of <table>/items (Scan); on failure an error banner shows.
  await page.waitForFunction(() =>
    document.getElementById("table-placeholder").classList.contains("d-none") ||
    document.getElementById("error-wrapper").textContent.trim() !== "");
  await noErrorBanner(page, where);
  assert.equal(await rows.count(), count, `${where}: rows in the item grid`);
  return rows;
}

// The grid's rows as {pk, sk, text}: the key columns come first (after "Actions").
async function gridRows(page) {
  const headers = (await page.locator("#actions-row th").allInnerTexts()).map((h) => h.trim());
  const rows = await page.locator("#items-container tr").evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.innerText.trim())));
  return { headers, rows: rows.map((cells) => ({ cells, text: cells.join(" | ") })) };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: chromiumPath, headless: true, args: ["--no-sandbox"],
  });
  const summary = { table, pages: [] };
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30000);
    page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
    page.on("response", async (r) => {
      if (r.url().startsWith(adminUrl) && r.status() >= 500) {
        serverErrors.push(`${r.request().method()} ${r.url()} -> ${r.status()} ` +
          (await r.text().catch(() => "")).slice(0, 500));
      }
    });
    page.on("dialog", (d) => {
      pageErrors.push(`unexpected dialog: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
    const visit = async (url) => {
      const resp = await page.goto(url);
      summary.pages.push(new URL(page.url()).pathname);
      assert.ok(resp && resp.ok(), `GET ${url}: HTTP ${resp && resp.status()} ` +
        (resp ? (await resp.text()).slice(0, 500) : ""));
      return resp;
    };

    // 1. The table list.
    await visit(`${adminUrl}/`);
    const entry = page.locator(`#table-list li[data-table-name="${table}"]`);
    assert.equal(await entry.count(), 1, `table list: no entry for ${table}; list: ` +
      (await page.locator("#table-list").innerText()));
    assert.equal((await entry.locator("a").first().innerText()).trim(), table);
    await noErrorBanner(page, "table list");

    // 2. The table page: every seeded key in the grid.
    await Promise.all([page.waitForURL(tableUrl), entry.locator("a").first().click()]);
    summary.pages.push(new URL(page.url()).pathname);
    await waitForRows(page, SEED.length, "table page");
    let grid = await gridRows(page);
    assert.deepEqual(grid.headers.slice(0, 3), ["Actions", "pk", "sk"],
      "table page: the key columns come first");
    for (const item of SEED) {
      const row = grid.rows.find((r) => r.cells[1] === `"${item.pk}"` && r.cells[2] === `${item.sk}`);
      assert.ok(row, `table page: no row for ${item.pk},${item.sk}; rows:\n` +
        grid.rows.map((r) => r.text).join("\n"));
      assert.ok(row.text.includes(`"${item.name}"`), `table page: row ${row.text} lacks ${item.name}`);
    }

    // 3. Create an item in the JSON editor.
    await Promise.all([page.waitForURL(`${tableUrl}/add-item`),
      page.getByRole("link", { name: "Create item" }).click()]);
    summary.pages.push(new URL(page.url()).pathname);
    await noErrorBanner(page, "create item page");
    same(await editorJson(page, "create item page"), { pk: "", sk: 0 },
      "create item page: the editor starts from the key schema");
    await typeIntoEditor(page, CREATED);
    await Promise.all([
      page.waitForURL(atItem(CREATED)),
      page.locator("#saveButton").click(),
    ]);
    summary.pages.push(new URL(page.url()).pathname);
    await noErrorBanner(page, "created item page");
    same(await editorJson(page, "created item page"), CREATED, "created item as read back");

    // 4. The Get tab finds it by key.
    await visit(`${tableUrl}/get`);
    await page.locator('input[name="hash"]').fill(CREATED.pk);
    await page.locator('input[name="range"]').fill(String(CREATED.sk));
    await Promise.all([page.waitForURL(atItem(CREATED)),
      page.getByRole("button", { name: "Get" }).click()]);
    summary.pages.push(new URL(page.url()).pathname);
    same(await editorJson(page, "Get tab result"), CREATED, "created item through the Get tab");

    // 5. Edit an existing item, opened from its View link.
    await visit(tableUrl);
    await waitForRows(page, SEED.length + 1, "table page after create");
    await Promise.all([page.waitForURL(atItem(EDITED_FROM)),
      page.locator(`#items-container a[href="${itemPath(EDITED_FROM)}"]`).click()]);
    summary.pages.push(new URL(page.url()).pathname);
    await noErrorBanner(page, "item page");
    same(await editorJson(page, "item page"), EDITED_FROM, "item page before the edit");
    await typeIntoEditor(page, EDITED);
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "PUT" && atItem(EDITED_FROM)(r.url())),
      page.locator("#saveButton").click(),
    ]);
    assert.equal(saved.status(), 200, `save: HTTP ${saved.status()} ${await saved.text()}`);
    same(await saved.json(), EDITED, "save: the item dynamodb-admin read back");
    await page.locator("#saveButton.btn-success").waitFor();
    await noErrorBanner(page, "item page after save");
    same(await editorJson(page, "item page after save"), EDITED, "editor after the save");

    // 6. The table page shows both; screenshot.
    await visit(tableUrl);
    await waitForRows(page, SEED.length + 1, "table page after edit");
    grid = await gridRows(page);
    for (const item of [SEED[0], EDITED, SEED[2], CREATED]) {
      const row = grid.rows.find((r) => r.cells[1] === `"${item.pk}"` && r.cells[2] === `${item.sk}`);
      assert.ok(row, `table page after edit: no row for ${item.pk},${item.sk}; rows:\n` +
        grid.rows.map((r) => r.text).join("\n"));
      assert.ok(row.text.includes(`"${item.name}"`), `table page after edit: row ${row.text} lacks ${item.name}`);
    }
    assert.ok(!grid.rows.some((r) => r.text.includes('"Oslo"')),
      "table page after edit: the dropped attribute profile is still shown");
    for (const column of ["editedBy", "nested", "price"]) {
      assert.ok(grid.headers.includes(column), `table page after edit: no column ${column}: ${grid.headers}`);
    }
    await page.screenshot({ path: screenshot, fullPage: true });

    // 7. Meta and TTL tabs.
    await visit(`${tableUrl}/meta`);
    await noErrorBanner(page, "meta page");
    const meta = JSON.parse(await page.evaluate(() => ace.edit("documentArea").getValue()));
    assert.equal(meta.TableName, table, "meta page: TableName");
    same(meta.KeySchema, [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      "meta page: KeySchema");
    await visit(`${tableUrl}/ttl`);
    await noErrorBanner(page, "TTL page");
    const ttlStatus = (await page.locator("main .badge").first().innerText()).trim();
    assert.equal(ttlStatus, "DISABLED", "TTL page: status");

    assert.deepEqual(serverErrors, [], "dynamodb-admin answered with server errors");
    assert.deepEqual(pageErrors, [], "errors in the pages");
    console.log(JSON.stringify({ ...summary, rows: grid.rows.length, screenshot }));
    console.log("dynamodb-admin scenario OK");
  } catch (e) {
    if (serverErrors.length) e.message += "\ndynamodb-admin server errors:\n" + serverErrors.join("\n");
    if (pageErrors.length) e.message += "\npage errors:\n" + pageErrors.join("\n");
    throw e;
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  const mismatch = e instanceof assert.AssertionError;
  console.error(mismatch ? "MISMATCH: " + e.message : e);
  process.exit(mismatch ? 1 : 2);
});
