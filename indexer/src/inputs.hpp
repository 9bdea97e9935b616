#pragma once
/// @file inputs.hpp
/// The indexer's input side (internal to accord_index): which files the arguments name, and
/// how they are read and cut into units for the workers.

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "accord/analyzers/utf8.hpp"
#include "accord/index/errors.hpp"
#include "accord/index/extractors.hpp"
#include "accord/index/indexer.hpp"
#include "accord/index/layout.hpp"
#include "accord/schema/schema.hpp"

#include "pipeline.hpp"
#include "worker.hpp"

namespace accord::index::detail {

using nlohmann::json;
namespace fs = std::filesystem;

/// Files under the arguments, in path order; unknown formats become warnings.
[[nodiscard]] std::vector<Input> collect_inputs(const std::vector<std::string>& arguments,
                                                IndexSummary& summary, IndexObserver* observer,
                                                std::vector<fs::path>& directories);

/// Reads inputs in order and cuts them into units: whole files, or chunks of JSON Lines.
/// A JSON Lines file whose hash has not changed is counted as unchanged without being read.
void split_inputs(const std::vector<Input>& inputs, const IndexOptions& options,
                  const std::optional<fs::path>& state, BoundedQueue<Unit>& units,
                  BoundedQueue<Batch>& batches, Worker& finisher, std::atomic<bool>& abort);

}  // namespace accord::index::detail
