"""Seeded randomized differential tester: ddbemu against DynamoDB Local.

Modules, one concept each:
  servers     start/stop ddbemu and DynamoDB Local on free ports (or use running ones)
  clients     a JSON-protocol client (SigV4 with the conformance suite's dummy credentials)
  tables      the fixed table shapes (key types, LSIs, GSIs, projections) and their setup
  values      random attribute values of every type, incl. edge numbers and invalid ones
  expressions random condition / update / projection expressions with placeholders
  operation   one generated operation and the helpers the generator files share
  generator   the seeded operation generator (valid requests plus a share of invalid ones),
              with one mixin per family: gen_items (Put/Update/Delete/GetItem), gen_reads
              (Query, Scan), gen_multi (batches, transactions)
  executor    sends one generated operation to one server (pagination, all segments)
  normalize   canonical forms of answers (sets as sets, unordered item lists sorted)
  compare     the differences between two normalised answers
  buckets     bucket keys (operation, kind, message template) and minimal examples
  allowlist   known differences (tools/difftest_known.json) matched against buckets
  runner      the run loop: generate, execute on both, compare, resync, final contents
  report      the printed summary and the JSON report
"""
