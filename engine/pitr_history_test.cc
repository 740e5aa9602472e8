// Point-in-time recovery and backups through the engine's API, on a manual
// clock: restores at instants between writes, transactions seen whole,
// incremental changes, trimming, and backups outliving their table.
#include <doctest/doctest.h>

#include <map>

#include "engine/engine.h"
#include "engine/error.h"
#include "engine/item_codec.h"

using namespace ddb;

namespace {

constexpr double kStart = 1'800'000'000;

struct Fixture {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(kStart);
  std::unique_ptr<Engine> engine;

  Fixture() {
    EngineOptions options;
    options.clock = clock;
    options.ttl_interval_seconds = 0;
    engine = std::make_unique<Engine>(options);
    CreateTableRequest t;
    t.table_name = "src";
    t.region = "us-east-1";
    t.attribute_definitions = {{"pk", ValueType::S}};
    t.key_schema.hash_key = "pk";
    t.billing_mode = BillingMode::PAY_PER_REQUEST;
    engine->CreateTable(t);
    engine->UpdateContinuousBackups("src", true, std::nullopt);
  }

  void Put(const std::string& pk, const std::string& v) {
    PutItemRequest r;
    r.table_name = "src";
    r.item = {{"pk", AttributeValue::String(pk)}, {"v", AttributeValue::String(v)}};
    engine->PutItem(r);
  }
  void Delete(const std::string& pk) {
    DeleteItemRequest r;
    r.table_name = "src";
    r.key = {{"pk", AttributeValue::String(pk)}};
    engine->DeleteItem(r);
  }
  void PutPair(const std::string& a, const std::string& b, const std::string& v) {
    TransactWriteRequest r;
    for (const auto& pk : {a, b}) {
      TransactWriteRequest::Action action;
      action.table_name = "src";
      action.item = {{"pk", AttributeValue::String(pk)}, {"v", AttributeValue::String(v)}};
      r.actions.push_back(action);
    }
    engine->TransactWriteItems(r);
  }
  // pk -> v of every item of `table`.
  std::map<std::string, std::string> Contents(const std::string& table) {
    ScanRequest r;
    r.table_name = table;
    std::map<std::string, std::string> out;
    for (const auto& bytes : engine->Scan(r, nullptr).items) {
      Item item = DecodeItem(bytes);
      out[item.at("pk").scalar] = item.at("v").scalar;
    }
    return out;
  }
  std::map<std::string, std::string> RestoreAt(const std::string& target, double at) {
    RestoreToPointInTimeRequest r;
    r.source_table_name = "src";
    r.target_table_name = target;
    r.restore_time = at;
    engine->RestoreTableToPointInTime(r);
    engine->WaitForBackgroundJobs();
    return Contents(target);
  }
};

using Contents = std::map<std::string, std::string>;

}  // namespace

TEST_CASE("a point-in-time restore shows the table as it was at each instant") {
  Fixture f;
  f.clock->Advance(10);
  f.Put("a", "1");  // kStart + 10
  f.Put("b", "1");
  f.clock->Advance(10);
  f.Put("a", "2");  // kStart + 20
  f.Delete("b");
  f.clock->Advance(10);
  f.PutPair("c", "d", "1");  // kStart + 30
  f.clock->Advance(400);     // the latest restorable instant trails now by five minutes
  CHECK(f.RestoreAt("r05", kStart + 5) == Contents{});
  CHECK(f.RestoreAt("r15", kStart + 15) == Contents{{"a", "1"}, {"b", "1"}});
  CHECK(f.RestoreAt("r25", kStart + 25) == Contents{{"a", "2"}});
  CHECK(f.RestoreAt("r35", kStart + 35) == Contents{{"a", "2"}, {"c", "1"}, {"d", "1"}});
  // An instant equal to a write's time includes that write.
  CHECK(f.RestoreAt("r20", kStart + 20) == Contents{{"a", "2"}});
  CHECK(f.Contents("src") == Contents{{"a", "2"}, {"c", "1"}, {"d", "1"}});
}

TEST_CASE("a restore outside the window is refused with DynamoDB's exception") {
  Fixture f;
  f.clock->Advance(400);
  RestoreToPointInTimeRequest r;
  r.source_table_name = "src";
  r.target_table_name = "early";
  r.restore_time = kStart - 1;
  CHECK_THROWS_AS(f.engine->RestoreTableToPointInTime(r), DynamoError);
  try {
    f.engine->RestoreTableToPointInTime(r);
  } catch (const DynamoError& e) {
    CHECK(e.type() == "InvalidRestoreTimeException");
  }
  r.restore_time = kStart + 399;  // later than the latest restorable instant
  CHECK_THROWS_AS(f.engine->RestoreTableToPointInTime(r), DynamoError);
}

TEST_CASE("turning recovery off forgets the history; on again starts a new window") {
  Fixture f;
  f.clock->Advance(10);
  f.Put("a", "1");
  f.engine->UpdateContinuousBackups("src", false, std::nullopt);
  f.clock->Advance(10);
  f.Put("a", "2");
  auto d = f.engine->UpdateContinuousBackups("src", true, std::nullopt);
  CHECK(d.earliest_restorable == doctest::Approx(kStart + 20));
  f.clock->Advance(400);
  CHECK(f.RestoreAt("after", kStart + 20) == Contents{{"a", "2"}});
}

TEST_CASE("an incremental export sees each changed item once, with its images at both ends") {
  Fixture f;
  f.Put("keep", "0");
  f.Put("upd", "0");
  f.Put("del", "0");
  f.clock->Advance(10);  // from: kStart + 5, between the first writes and these
  f.Put("upd", "1");
  f.Put("upd", "2");
  f.Delete("del");
  f.Put("new", "1");
  f.clock->Advance(996);  // to: kStart + 1005, before the next write
  f.Put("upd", "late");
  f.clock->Advance(10);

  struct Recorder : ExportWriter {
    std::map<std::string, std::pair<std::string, std::string>>* changes;
    void Item(const ddb::Item&) override {}
    void Change(const ddb::Item& keys, const ddb::Item* old_image, const ddb::Item* new_image, std::int64_t) override {
      (*changes)[keys.at("pk").scalar] = {old_image ? old_image->at("v").scalar : "-",
                                          new_image ? new_image->at("v").scalar : "-"};
    }
    std::string Finish(ExportDescription&) override { return "manifest"; }
  };
  std::map<std::string, std::pair<std::string, std::string>> changes;
  ExportRequest request;
  request.table_name = "src";
  request.table_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/src";
  request.shape.incremental = true;
  request.shape.from_time = kStart + 5;
  request.shape.to_time = kStart + 1005;
  auto started = f.engine->ExportTableToPointInTime(request, [&](const ExportDescription&) {
    auto r = std::make_unique<Recorder>();
    r->changes = &changes;
    return r;
  });
  f.engine->WaitForBackgroundJobs();
  CHECK(f.engine->DescribeExport(started.arn).status == TransferStatus::COMPLETED);
  CHECK(changes == std::map<std::string, std::pair<std::string, std::string>>{
                       {"upd", {"0", "2"}}, {"del", {"0", "-"}}, {"new", {"-", "1"}}});
}

TEST_CASE("a backup holds the table as it was, outlives it, and restores") {
  Fixture f;
  f.Put("a", "1");
  f.Put("b", "1");
  BackupDescription backup = f.engine->CreateBackup("src", "nightly");
  CHECK(backup.status == BackupStatus::CREATING);
  f.Put("c", "1");  // after the snapshot
  f.engine->WaitForBackgroundJobs();
  CHECK(f.engine->DescribeBackup(backup.arn).status == BackupStatus::AVAILABLE);
  CHECK(f.engine->DescribeBackup(backup.arn).item_count == 2);
  f.engine->DeleteTable("src");
  f.engine->WaitForBackgroundJobs();
  ListBackupsRequest all;
  all.type.reset();
  CHECK(f.engine->ListBackups(all).backups.size() == 2);  // with the deleted table's SYSTEM backup
  RestoreFromBackupRequest restore;
  restore.target_table_name = "back";
  restore.backup_arn = backup.arn;
  f.engine->RestoreTableFromBackup(restore);
  f.engine->WaitForBackgroundJobs();
  CHECK(f.Contents("back") == Contents{{"a", "1"}, {"b", "1"}});
  CHECK(f.engine->DeleteBackup(backup.arn).status == BackupStatus::DELETED);
  CHECK_THROWS_AS(f.engine->DescribeBackup(backup.arn), DynamoError);
}

TEST_CASE("trimming the history past the window keeps every restorable instant right") {
  Fixture f;
  f.engine->UpdateContinuousBackups("src", true, 1);  // a one-day window
  f.clock->Advance(10);
  f.Put("a", "1");
  f.Put("b", "1");
  f.clock->Advance(2 * 24 * 3600);  // the writes are now older than the window
  f.Put("a", "2");
  f.clock->Advance(10);
  f.engine->SweepExpiredItems();  // trims the history to the window
  f.clock->Advance(400);
  const auto window = f.engine->DescribeContinuousBackups("src");
  CHECK(window.earliest_restorable == doctest::Approx(kStart + 2 * 24 * 3600 + 420 - 24 * 3600));
  CHECK(f.RestoreAt("oldest", window.earliest_restorable) == Contents{{"a", "1"}, {"b", "1"}});
  CHECK(f.RestoreAt("latest", window.latest_restorable) == Contents{{"a", "2"}, {"b", "1"}});
}
