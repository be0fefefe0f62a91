// A tiny checker of the Prometheus text format 0.0.4 for the tests: every sample
// line is `name{labels} value` or `name value`, and belongs to a family whose
// HELP and TYPE came first. Returns what is wrong, one message per problem.
#pragma once

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace ember::daemon::test {

inline std::string family_of(const std::string& sample, const std::string& type) {
    if (type != "histogram") return sample;
    for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
        if (sample.size() > suffix.size() &&
            sample.compare(sample.size() - suffix.size(), suffix.size(), suffix) == 0) {
            return sample.substr(0, sample.size() - suffix.size());
        }
    }
    return sample;
}

inline std::vector<std::string> exposition_errors(const std::string& text) {
    static const std::regex help(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*)");
    static const std::regex type(
        R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
    static const std::regex sample(
        R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")"
        R"((,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? )"
        R"((-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?|\+Inf|-Inf|NaN))");
    std::vector<std::string> errors;
    if (!text.empty() && text.back() != '\n') errors.push_back("no final newline");
    std::set<std::string> seen;
    std::string helped, family, family_type;
    std::istringstream lines(text);
    std::string line;
    std::smatch match;
    while (std::getline(lines, line)) {
        if (std::regex_match(line, match, help)) {
            helped = match[1];
            if (!seen.insert(helped).second) errors.push_back("family twice: " + line);
        } else if (std::regex_match(line, match, type)) {
            if (match[1] != helped) errors.push_back("TYPE without HELP: " + line);
            family = match[1];
            family_type = match[2];
        } else if (std::regex_match(line, match, sample)) {
            if (family_of(match[1], family_type) != family) {
                errors.push_back("sample outside its family: " + line);
            }
        } else {
            errors.push_back("malformed line: " + line);
        }
    }
    return errors;
}

}  // namespace ember::daemon::test
