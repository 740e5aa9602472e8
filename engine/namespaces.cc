#include "engine/namespaces.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "engine/error.h"
#include "engine/limits.h"

namespace ddb {

namespace {

constexpr const char* kSharedStoreName = "shared-local-instance.db";
constexpr const char* kStoreSuffix = ".db";
constexpr const char* kDefaultRegion = "us-east-1";
constexpr const char* kDirectoryLockName = "ddbemu.lock";

bool IsAccountId(const std::string& s) {
  if (s.size() != 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<NamespaceMode> ParseNamespaceMode(const std::string& text) {
  if (text == "account-region") return NamespaceMode::kAccountAndRegion;
  if (text == "key-region") return NamespaceMode::kAccessKeyAndRegion;
  if (text == "shared") return NamespaceMode::kShared;
  return std::nullopt;
}

std::optional<std::string> ReadAccountsFile(const std::string& path, Tenancy& tenancy) {
  std::ifstream in(path);
  if (!in) return "cannot read the accounts file " + path;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    std::string key, account, extra;
    if (!(words >> key)) continue;  // blank or comment
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (!(words >> account) || (words >> extra)) return where + "expected ACCESS_KEY_ID ACCOUNT_ID";
    if (!IsAccountId(account)) return where + "an account id is 12 digits";
    if (key.size() > kMaxAccessKeyIdLength) return where + "an access key id is at most 128 characters";
    if (key == "*") {
      tenancy.default_account = account;
    } else {
      tenancy.accounts[key] = account;
    }
  }
  return std::nullopt;
}

Namespaces::Namespaces(Tenancy tenancy, EngineOptions engine)
    : tenancy_(std::move(tenancy)), engine_options_(std::move(engine)) {
  if (!engine_options_.clock) {
    auto clock = std::make_shared<AdjustableClock>();
    adjustable_clock_ = clock.get();
    engine_options_.clock = std::move(clock);
  }
  const StorageOptions& storage = engine_options_.storage;
  if (storage.in_memory) return;
  std::filesystem::create_directories(storage.path);
  // Stores open lazily: the directory's own lock keeps a second server from
  // sharing it before either opens a store.
  const std::string lock_path = (std::filesystem::path(storage.path) / kDirectoryLockName).string();
  directory_lock_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (directory_lock_ < 0 || ::flock(directory_lock_, LOCK_EX | LOCK_NB) != 0) {
    if (directory_lock_ >= 0) ::close(directory_lock_);
    directory_lock_ = -1;
    throw std::runtime_error("the data directory " + storage.path + " is in use by another server");
  }
  try {
    OpenStoresOnDisk();
  } catch (...) {
    engines_.clear();  // a constructor that throws runs no destructor: let the directory go here
    ::close(directory_lock_);
    throw;
  }
}

void Namespaces::OpenStoresOnDisk() {
  const StorageOptions& storage = engine_options_.storage;
  for (const auto& entry : std::filesystem::directory_iterator(storage.path)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory() || !name.ends_with(kStoreSuffix)) continue;
    if (!std::filesystem::exists(entry.path() / "CURRENT")) continue;  // not a store
    std::string account = tenancy_.default_account;
    if (tenancy_.mode == NamespaceMode::kAccountAndRegion) {
      const std::string prefix = name.substr(0, name.rfind('_'));
      if (IsAccountId(prefix)) account = prefix;
    }
    Open(name, account);
  }
}

Namespaces::~Namespaces() {
  engines_.clear();  // closes every store before the directory is let go
  if (directory_lock_ >= 0) ::close(directory_lock_);
}

std::string Namespaces::AccountFor(const std::string& access_key) const {
  if (tenancy_.mode != NamespaceMode::kAccountAndRegion) return tenancy_.default_account;
  auto it = tenancy_.accounts.find(access_key);
  if (it != tenancy_.accounts.end()) return it->second;
  if (access_key.size() == kTemporaryKeyLength && access_key.starts_with(kTemporaryKeyPrefix)) {
    const std::string account = access_key.substr(kTemporaryKeyPrefix.size(), 12);
    if (IsAccountId(account)) return account;
  }
  return tenancy_.default_account;
}

std::string Namespaces::StoreName(const std::string& access_key, const std::string& region) const {
  switch (tenancy_.mode) {
    case NamespaceMode::kShared: return kSharedStoreName;
    case NamespaceMode::kAccessKeyAndRegion: return access_key + "_" + region + kStoreSuffix;
    case NamespaceMode::kAccountAndRegion: break;
  }
  return AccountFor(access_key) + "_" + region + kStoreSuffix;
}

Engine& Namespaces::Default() { return For("", kDefaultRegion); }

Engine& Namespaces::For(const std::string& access_key, const std::string& region) {
  // Both name a directory: they must fit a file name and hold no path
  // separator. AWS's access key ids are at most 128 characters and its
  // region names far shorter; a scope beyond that is not one AWS issues.
  if (access_key.size() > kMaxAccessKeyIdLength || region.size() > kMaxRegionNameLength ||
      access_key.find('/') != std::string::npos || region.find('/') != std::string::npos) {
    throw DynamoError(ErrorCode::UnrecognizedClient, "The security token included in the request is invalid.");
  }
  const std::string store = StoreName(access_key, region);
  if (Engine* engine = Find(store)) return *engine;
  // Stores open one at a time (a RocksDB open takes milliseconds; the
  // namespaces already open keep being served meanwhile), so two requests
  // racing to a new namespace get one store.
  std::lock_guard opening(opening_mutex_);
  if (Engine* engine = Find(store)) return *engine;
  if (engines_.size() >= kMaxNamespaces) {
    throw DynamoError(ErrorCode::LimitExceeded, "ddbemu keeps at most " + std::to_string(kMaxNamespaces) +
                                                    " databases (one per account or access key, and region)");
  }
  return Open(store, AccountFor(access_key));
}

Engine* Namespaces::Find(const std::string& store) const {
  std::shared_lock lock(mutex_);
  auto it = engines_.find(store);
  return it == engines_.end() ? nullptr : it->second.get();
}

Engine& Namespaces::Open(const std::string& store, const std::string& account) {
  EngineOptions options;
  {
    std::shared_lock lock(mutex_);
    options = engine_options_;
  }
  options.account_id = account;
  if (!options.storage.in_memory) options.storage.path = (std::filesystem::path(options.storage.path) / store).string();
  auto engine = std::make_unique<Engine>(std::move(options));
  Engine& opened = *engine;
  std::unique_lock lock(mutex_);
  engines_.emplace(store, std::move(engine));
  return opened;
}

void Namespaces::ForEach(const std::function<void(Engine&)>& visit) {
  // Visited outside the lock (a sweep takes a while); engines are never
  // closed before the Namespaces, so the pointers stay good.
  std::vector<Engine*> engines;
  {
    std::shared_lock lock(mutex_);
    for (auto& [name, engine] : engines_) engines.push_back(engine.get());
  }
  for (Engine* engine : engines) visit(*engine);
}

void Namespaces::SetDefaultThrottlingMode(ThrottlingMode mode) {
  std::lock_guard opening(opening_mutex_);  // no engine opens with the old mode meanwhile
  std::unique_lock lock(mutex_);
  engine_options_.throttling = mode;
  for (auto& [name, engine] : engines_) engine->SetDefaultThrottlingMode(mode);
}

}  // namespace ddb
