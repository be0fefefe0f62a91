// The API's documentation against the code: docs/openapi.yaml names exactly
// the routes the router knows, and docs/api.md's error table every code.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "daemon/api/api_error.hpp"
#include "daemon/api/routes.hpp"

using namespace ember::daemon;

namespace {

std::string read_doc(const std::string& relative) {
    std::ifstream in(std::string(EMBER_SOURCE_DIR) + "/" + relative);
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string upper(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// "METHOD /path/{param}" for each operation under `paths:`, read from the
// file's layout: paths at two spaces of indentation, methods at four.
std::set<std::string> openapi_operations() {
    std::istringstream lines(read_doc("docs/openapi.yaml"));
    static const std::regex path_line(R"(^  (/[^:]*):\s*$)");
    static const std::regex method_line(R"(^    (get|put|post|delete|patch|head|options):)");
    std::set<std::string> operations;
    bool in_paths = false;
    std::string path;
    for (std::string line; std::getline(lines, line);) {
        if (line == "paths:") {
            in_paths = true;
            continue;
        }
        if (!line.empty() && line[0] != ' ' && line[0] != '#') in_paths = false;
        if (!in_paths) continue;
        std::smatch match;
        if (std::regex_search(line, match, path_line)) {
            path = match[1];
        } else if (std::regex_search(line, match, method_line)) {
            operations.insert(upper(match[1]) + " " + path);
        }
    }
    return operations;
}

}  // namespace

TEST_CASE("docs/openapi.yaml has exactly the routes the router knows", "[api_docs]") {
    std::set<std::string> routed;
    for (const RouteSpec& spec : route_table()) {
        routed.insert(std::string(spec.method) + " " + std::string(spec.pattern));
        // The table is what route() matches.
        std::string path =
            std::regex_replace(std::string(spec.pattern), std::regex(R"(\{name\})"), "echo");
        path = std::regex_replace(path, std::regex(R"(\{id\})"), std::string(32, 'a'));
        const auto found = route(spec.method, path);
        REQUIRE(std::holds_alternative<Route>(found));
        CHECK(std::get<Route>(found).action == spec.action);
    }
    const std::set<std::string> documented = openapi_operations();
    CHECK(documented.size() > 5);  // the reader found the file's operations
    CHECK(documented == routed);
}

TEST_CASE("docs/api.md's error table has every error code", "[api_docs]") {
    const std::string api_md = read_doc("docs/api.md");
    for (int e = 0; e <= static_cast<int>(ApiError::internal); ++e) {
        const ErrorMapping mapping = mapping_of(static_cast<ApiError>(e));
        const std::string row =
            "| " + std::to_string(mapping.status) + " | `" + std::string(mapping.code) + "` |";
        INFO(row);
        CHECK(api_md.find(row) != std::string::npos);
    }
}
