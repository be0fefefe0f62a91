// wordfreq, a C++ WASI command on the standard library (libc++): replies the
// ten most frequent words of its input, one "count word" per line, the most
// frequent first (ties in word order).
#include <algorithm>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

int main() {
    std::ostringstream input;
    input << std::cin.rdbuf();
    std::istringstream words(input.str());
    std::map<std::string, int> counts;
    for (std::string word; words >> word;)
        ++counts[word];
    std::vector<std::pair<std::string, int>> ranked(counts.begin(), counts.end());
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    ranked.resize(std::min<std::size_t>(ranked.size(), 10));
    for (const auto& [word, count] : ranked)
        std::cout << count << ' ' << word << '\n';
}
