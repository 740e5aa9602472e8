// Namespaces: which Engine a request reaches, by the credentials it signs
// with. AWS keeps an account's tables per region; DynamoDB Local keeps one
// database per access key and region, or one for everyone (-sharedDb).
//
// Each namespace is an Engine with a store of its own, so namespaces never
// see each other's tables, streams or capacity. A namespace opens on first
// use; on disk, every store already under the data directory also opens at
// start, so its TTL sweeps and streams run before anyone asks. All engines
// share one clock (the admin endpoint moves them together).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "engine/engine.h"

namespace ddb {

enum class NamespaceMode {
  kAccountAndRegion,    // AWS: the access key's account, and the signing region
  kAccessKeyAndRegion,  // DynamoDB Local without -sharedDb
  kShared,              // DynamoDB Local's -sharedDb: one namespace for all
};

// "account-region", "key-region" or "shared" (the --namespaces flag).
std::optional<NamespaceMode> ParseNamespaceMode(const std::string& text);

// Who sees which tables.
struct Tenancy {
  NamespaceMode mode = NamespaceMode::kAccountAndRegion;
  // The account of every access key the map does not name; also the account
  // in the ARNs of DynamoDB Local's modes, as DynamoDB Local writes them.
  std::string default_account = "000000000000";
  std::map<std::string, std::string> accounts;  // access key id -> account id
};

// Temporary credentials ddbemu issues (STS) have access key ids of
// kTemporaryKeyPrefix, the 12-digit account, then 4 characters (20 in all,
// as AWS's): the key itself tells its account, across restarts.
inline constexpr std::string_view kTemporaryKeyPrefix = "ASIA";
inline constexpr std::size_t kTemporaryKeyLength = 20;

// Reads an --accounts file: one "ACCESS_KEY_ID ACCOUNT_ID" pair per line
// ("* ACCOUNT_ID" sets the default account; '#' starts a comment). Returns
// an error message naming the line, or nothing.
std::optional<std::string> ReadAccountsFile(const std::string& path, Tenancy& tenancy);

class Namespaces {
 public:
  // `engine` is what every namespace's engine runs with; on disk, its
  // storage.path is the directory that holds one store per namespace. Opens
  // the stores already there; throws if one cannot be opened.
  Namespaces(Tenancy tenancy, EngineOptions engine);
  ~Namespaces();
  Namespaces(const Namespaces&) = delete;
  Namespaces& operator=(const Namespaces&) = delete;

  // The engine of the namespace these credentials reach, opened if needed.
  // Throws DynamoError when the key cannot name a store (see the .cc) or
  // when kMaxNamespaces are open already.
  Engine& For(const std::string& access_key, const std::string& region);
  // The namespace of a request that carries no credential scope: an empty
  // access key, in us-east-1.
  Engine& Default();
  // The account an access key belongs to, as STS reports it: the --accounts
  // map's, a temporary key's own, or the default.
  std::string AccountFor(const std::string& access_key) const;

  // Calls `visit` with every open engine, in the order of their store names.
  void ForEach(const std::function<void(Engine&)>& visit);
  // The clock every engine runs on; null when the options injected one.
  AdjustableClock* adjustable_clock() const { return adjustable_clock_; }
  // New namespaces start with this throttling mode (the admin endpoint's
  // default; open engines are set one by one).
  void SetDefaultThrottlingMode(ThrottlingMode mode);
  NamespaceMode mode() const { return tenancy_.mode; }

 private:
  // The store's name (a directory name on disk), as DynamoDB Local names its
  // database files: "<key or account>_<region>.db" or "shared-local-instance.db".
  std::string StoreName(const std::string& access_key, const std::string& region) const;
  Engine* Find(const std::string& store) const;
  // Opens every store already in the data directory (construction).
  void OpenStoresOnDisk();
  // Opens a store, with `opening_mutex_` held (or during construction).
  Engine& Open(const std::string& store, const std::string& account);

  const Tenancy tenancy_;
  EngineOptions engine_options_;
  AdjustableClock* adjustable_clock_ = nullptr;
  std::mutex opening_mutex_;
  mutable std::shared_mutex mutex_;                         // engines_ and engine_options_
  std::map<std::string, std::unique_ptr<Engine>> engines_;  // by store name
  int directory_lock_ = -1;                                 // flock on the data directory, on disk
};

}  // namespace ddb
