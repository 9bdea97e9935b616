// libFuzzer target: raw bytes → Beast's request parser (with the header and body limits the
// server uses) → Application::handle, as a keep-alive connection would deliver them (up to
// eight pipelined requests per input). The Application serves a small database indexed once
// at start-up and a two-file web root. Invariants: handle() never throws, never answers 500
// (the database is healthy, so a 500 is an exception that escaped a handler), and never puts
// CR or LF into a header (response splitting); the response serialises.
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string_view>

#include "accord/server/application.hpp"
#include "accord/server/config.hpp"

#include "fuzz_support.hpp"

namespace {

namespace http = boost::beast::http;
using accord::server::Application;
using accord::server::ServerConfig;

struct State {
    accord::fuzz::ScratchDir dir;
    ServerConfig config = make_config(dir.path());
    Application app{config};

    static ServerConfig make_config(const std::filesystem::path& root) {
        ServerConfig config;
        config.databases = {accord::fuzz::build_fixture_database(root)};
        config.gazetteer = accord::fuzz::source_dir() / "data" / "gazetteer";
        config.threads = 1;
        config.web_root = root / "web";
        std::filesystem::create_directories(config.web_root / "css");
        std::ofstream(config.web_root / "index.html")
            << "<!doctype html><title>Accord</title><script src=\"app.js\"></script>\n";
        std::ofstream(config.web_root / "app.js") << "console.log('accord');\n";
        std::ofstream(config.web_root / "css" / "site.css") << "body { margin: 0; }\n";
        return config;
    }
};

State& state() {
    static State instance;
    return instance;
}

void check_response(const accord::server::Request& request,
                    const accord::server::Response& response) {
    ACCORD_FUZZ_CHECK(response.result_int() >= 100 && response.result_int() < 600);
    if (response.result_int() == 500) {
        std::fprintf(stderr, "500 for %s: %s\n", std::string(request.target()).c_str(),
                     response.body().c_str());
    }
    ACCORD_FUZZ_CHECK(response.result_int() != 500);
    for (const auto& field : response) {
        const std::string_view name = field.name_string();
        const std::string_view value = field.value();
        ACCORD_FUZZ_CHECK(name.find_first_of("\r\n:") == std::string_view::npos);
        ACCORD_FUZZ_CHECK(value.find_first_of("\r\n") == std::string_view::npos);
        ACCORD_FUZZ_CHECK(value.find('\0') == std::string_view::npos);
    }
    std::ostringstream wire;
    wire << response;
    ACCORD_FUZZ_CHECK(!wire.str().empty());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    (void)state();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    State& s = state();
    std::string_view input(reinterpret_cast<const char*>(data), size);
    for (int requests = 0; requests < 8 && !input.empty(); ++requests) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(s.config.max_header_bytes));
        parser.body_limit(s.config.max_body_bytes);
        parser.eager(true);
        // Feed what there is, as http::async_read does from its buffer.
        while (!parser.is_done()) {
            boost::beast::error_code error;
            const std::size_t used =
                parser.put(boost::asio::buffer(input.data(), input.size()), error);
            input.remove_prefix(used);
            if (error || used == 0) {
                // malformed or over a limit (the server answers 400/413 and closes), or
                // incomplete (the read deadline closes the connection)
                return 0;
            }
        }
        const accord::server::Request request = parser.release();
        const accord::server::Response response = s.app.handle(request, "fuzz");
        check_response(request, response);
        if (!request.keep_alive()) {
            break;
        }
    }
    return 0;
}
