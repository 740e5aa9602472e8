#include "engine/namespaces.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/error.h"

using namespace ddb;

namespace {

CreateTableRequest SimpleTable(const std::string& name, const std::string& region) {
  CreateTableRequest r;
  r.table_name = name;
  r.region = region;
  r.attribute_definitions = {{"k", ValueType::S}};
  r.key_schema.hash_key = "k";
  r.billing_mode = BillingMode::PAY_PER_REQUEST;
  return r;
}

}  // namespace

TEST_CASE("account-region: keys of one account share tables; regions and accounts do not") {
  Tenancy tenancy;
  tenancy.accounts["AKIDOTHER"] = "111111111111";
  Namespaces namespaces(tenancy, EngineOptions{});
  namespaces.For("AKIDA", "us-east-1").CreateTable(SimpleTable("t", "us-east-1"));
  CHECK(namespaces.For("AKIDB", "us-east-1").DescribeTable("t").definition.account_id == "000000000000");
  CHECK_THROWS_AS(namespaces.For("AKIDA", "us-west-2").DescribeTable("t"), DynamoError);
  CHECK_THROWS_AS(namespaces.For("AKIDOTHER", "us-east-1").DescribeTable("t"), DynamoError);
  CHECK(namespaces.AccountFor("AKIDOTHER") == "111111111111");
  CHECK(namespaces.AccountFor("ASIA123456789012WXYZ") == "123456789012");  // a temporary key names its account
  CHECK(namespaces.AccountFor("AKIDA") == "000000000000");
}

TEST_CASE("key-region and shared namespaces, as DynamoDB Local keeps them") {
  Tenancy per_key;
  per_key.mode = NamespaceMode::kAccessKeyAndRegion;
  Namespaces separate(per_key, EngineOptions{});
  separate.For("AKIDA", "us-east-1").CreateTable(SimpleTable("t", "us-east-1"));
  CHECK_THROWS_AS(separate.For("AKIDB", "us-east-1").DescribeTable("t"), DynamoError);

  Tenancy shared;
  shared.mode = NamespaceMode::kShared;
  Namespaces one(shared, EngineOptions{});
  one.For("AKIDA", "us-east-1").CreateTable(SimpleTable("t", "us-east-1"));
  CHECK(one.For("AKIDB", "localhost").DescribeTable("t").definition.name == "t");
}

TEST_CASE("stores on disk are named as DynamoDB Local names its files, reopen at start, and lock their directory") {
  const auto dir = std::filesystem::temp_directory_path() / ("ddbemu-namespaces-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  EngineOptions options;
  options.storage.in_memory = false;
  options.storage.path = dir.string();
  Tenancy per_key;
  per_key.mode = NamespaceMode::kAccessKeyAndRegion;
  {
    Namespaces namespaces(per_key, options);
    namespaces.For("AKIDA", "localhost").CreateTable(SimpleTable("t", "localhost"));
    CHECK(std::filesystem::is_directory(dir / "AKIDA_localhost.db"));
    CHECK_THROWS_AS(Namespaces(per_key, options), std::runtime_error);  // the directory is in use
  }
  Namespaces reopened(per_key, options);
  CHECK(reopened.For("AKIDA", "localhost").DescribeTable("t").definition.name == "t");
  std::filesystem::remove_all(dir);
}

TEST_CASE("an access key that cannot name a store is refused; an --accounts file is read") {
  Namespaces namespaces(Tenancy{}, EngineOptions{});
  CHECK_THROWS_AS(namespaces.For(std::string(129, 'A'), "us-east-1"), DynamoError);
  const auto path = std::filesystem::temp_directory_path() / ("ddbemu-accounts-" + std::to_string(::getpid()));
  std::ofstream(path) << "# comment\nAKIDONE 111111111111\n* 222222222222\n";
  Tenancy tenancy;
  CHECK_FALSE(ReadAccountsFile(path.string(), tenancy).has_value());
  CHECK(tenancy.accounts.at("AKIDONE") == "111111111111");
  CHECK(tenancy.default_account == "222222222222");
  std::ofstream(path) << "AKIDONE 12345\n";
  CHECK(ReadAccountsFile(path.string(), tenancy).has_value());
  std::filesystem::remove(path);
}
