// The crash-safety test's load (crash_load.hpp).
#include "crash_load.hpp"

#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e::crash {
namespace {

// One deploy on a connection of its own, waiting for its answer as long as
// the load may take: emberd runs deploys one at a time, so one can wait for
// several others, longer than HttpClient's 10 s wait (and request() would
// send it again after that wait). nullopt when the kill cut it.
std::optional<Response> deploy_once(const Daemon& daemon, const Load& load, const std::string& name,
                                    const std::string& body) {
    HttpClient client = daemon.client();
    if (!client.send_raw("PUT " + target_of(name) +
                         "?timeout_ms=5000 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Content-Type: application/octet-stream\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n" + body))
        return std::nullopt;
    const auto give_up = Clock::now() + load_patience;
    while (Clock::now() < give_up) {
        // A slice at a time: what arrived stays buffered for the next read.
        if (std::optional<Response> response = client.read_response(std::chrono::seconds(1)))
            return response;
        if (load.stop) return client.read_response(std::chrono::milliseconds(100));
    }
    return std::nullopt;
}

// Whether `body` is what some guest uploaded as `run` answers.
bool plausible_answer(const FunctionRun& run, std::string_view body) {
    for (const Upload& upload : run.uploads) {
        if (guests[upload.guest].answer == body) return true;
    }
    return false;
}

}  // namespace

std::vector<FunctionRun> plan(std::mt19937_64& random) {
    std::vector<FunctionRun> functions;
    std::uniform_int_distribution<std::size_t> guest(0, guests.size() - 1);
    std::uniform_int_distribution<std::size_t> padding(0, max_padding);
    for (int f = 0; f < function_count; ++f) {
        FunctionRun run;
        run.name = "crash" + std::to_string(f);
        for (int d = 0; d < deploys_per_function; ++d) {
            Upload upload;
            upload.guest = guest(random);
            upload.body = guest_binary(guests[upload.guest].file);
            upload.body.resize(upload.body.size() + padding(random), '\0');
            upload.sha256 = sha256_hex(upload.body);
            run.uploads.push_back(std::move(upload));
        }
        functions.push_back(std::move(run));
    }
    return functions;
}

std::string target_of(std::string_view name) {
    std::string target = "/v1/functions/";
    target += name;
    return target;
}

void deploy_all(const Daemon& daemon, Load& load, FunctionRun& run) {
    for (std::size_t i = 0; i < run.uploads.size() && !load.stop; ++i) {
        run.in_flight = i;
        std::optional<Response> response = deploy_once(daemon, load, run.name, run.uploads[i].body);
        if (!response) {
            if (!load.stop) run.errors.push_back("deploy " + std::to_string(i) + ": no answer");
            break;  // its outcome is unknown: a later deploy could not be told apart
        }
        run.in_flight.reset();
        if (response->status != 201) {
            run.errors.push_back("deploy " + std::to_string(i) + ": " + response->summary());
            continue;
        }
        const nlohmann::json description = response->json();
        if (description.value("sha256", "") != run.uploads[i].sha256)
            run.errors.push_back("deploy " + std::to_string(i) + " answered with another sha256");
        run.acked[description.value("version", 0u)] = i;
        ++load.acked_deploys;
    }
    ++load.finished_deployers;
}

void invoke_all(const Daemon& daemon, Load& load) {
    HttpClient client = daemon.client();
    while (!load.stop) {
        for (const FunctionRun& run : load.functions) {
            if (load.stop) break;
            std::optional<Response> response =
                client.try_request("POST", target_of(run.name) + "/invoke", call_input);
            if (!response) {
                if (!load.stop) load.invoker_error("invoke " + run.name + ": no answer");
                return;
            }
            // Not deployed yet, being replaced, busy: the load's own noise.
            if (response->status == 404 || response->status == 503 || response->status == 429 ||
                response->status == 504)
                continue;
            if (response->status != 200 || !plausible_answer(run, response->body)) {
                load.invoker_error("invoke " + run.name + ": " + response->summary());
                continue;
            }
            ++load.invocations;
        }
    }
}

}  // namespace ember::e2e::crash
