#include "accord/bench/measures.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace accord::bench {
namespace {

long relevant_in_top(std::span<const int> grades, long k, int level) {
    const auto cut =
        std::min<std::size_t>(grades.size(), static_cast<std::size_t>(std::max(k, 0L)));
    return static_cast<long>(std::count_if(grades.begin(), grades.begin() + static_cast<long>(cut),
                                           [level](int grade) { return grade >= level; }));
}

double dcg(std::span<const int> grades, long k) {
    double sum = 0.0;
    const auto cut =
        std::min<std::size_t>(grades.size(), static_cast<std::size_t>(std::max(k, 0L)));
    for (std::size_t i = 0; i < cut; ++i) {
        if (grades[i] > 0) {
            sum += grades[i] / std::log2(static_cast<double>(i) + 2.0);
        }
    }
    return sum;
}

}  // namespace

double average_precision(std::span<const int> grades, long num_relevant, int level) {
    if (num_relevant <= 0) {
        return 0.0;
    }
    double sum = 0.0;
    long found = 0;
    for (std::size_t i = 0; i < grades.size(); ++i) {
        if (grades[i] >= level) {
            ++found;
            sum += static_cast<double>(found) / static_cast<double>(i + 1);
        }
    }
    return sum / static_cast<double>(num_relevant);
}

double precision_at(std::span<const int> grades, long k, int level) {
    if (k <= 0) {
        return 0.0;
    }
    return static_cast<double>(relevant_in_top(grades, k, level)) / static_cast<double>(k);
}

double recall_at(std::span<const int> grades, long k, long num_relevant, int level) {
    if (num_relevant <= 0) {
        return 0.0;
    }
    return static_cast<double>(relevant_in_top(grades, k, level)) /
           static_cast<double>(num_relevant);
}

double ndcg_at(std::span<const int> grades, long k, std::vector<int> judged_grades) {
    std::sort(judged_grades.begin(), judged_grades.end(), std::greater<>());
    const double ideal = dcg(judged_grades, k);
    if (ideal <= 0.0) {
        return 0.0;
    }
    return dcg(grades, k) / ideal;
}

}  // namespace accord::bench
