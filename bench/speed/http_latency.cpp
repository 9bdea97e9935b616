// accord-bench-http: a small sequential HTTP/1.1 latency driver for accord-searchd.
//
// One keep-alive connection, one request at a time (no pipelining), so every sample is the
// latency of one request on an otherwise idle server. Requests come from a file of
// `label<TAB>path` lines; every round sends each of them once, in file order (round-robin, so
// machine noise spreads over all of them evenly). Writes one TSV line per measured request:
//
//   round  index  label  status  client_us  took_ms  total  exact  bytes
//
// client_us is measured from just before the request is written until the last byte of the
// body is read (steady clock); took_ms, total and total_exact (1 or 0) are read from the JSON
// answer of /api/search (-1 when absent). Warm-up rounds are sent but not written.
#include <CLI/CLI.hpp>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

struct Request {
    std::string label;
    std::string path;
};

struct Response {
    int status = 0;
    std::string body;
};

std::string lower(std::string text) {
    for (char& ch : text) {
        if (ch >= 'A' && ch <= 'Z') {
            ch = static_cast<char>(ch - 'A' + 'a');
        }
    }
    return text;
}

class Connection {
public:
    Connection(std::string host, std::string port)
        : host_(std::move(host)), port_(std::move(port)) {}
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() { close(); }

    Response get(const std::string& path) {
        // A keep-alive connection the server closed in between is re-opened once.
        for (int attempt = 0;; ++attempt) {
            try {
                if (fd_ < 0) {
                    open();
                }
                return exchange(path);
            } catch (const std::runtime_error&) {
                close();
                if (attempt >= 1 || !reusable_) {
                    throw;
                }
            }
        }
    }

private:
    void open() {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        if (const int rc = getaddrinfo(host_.c_str(), port_.c_str(), &hints, &found); rc != 0) {
            throw std::invalid_argument("cannot resolve " + host_ + ": " + gai_strerror(rc));
        }
        for (addrinfo* at = found; at != nullptr; at = at->ai_next) {
            const int fd = ::socket(at->ai_family, at->ai_socktype, at->ai_protocol);
            if (fd < 0) {
                continue;
            }
            if (::connect(fd, at->ai_addr, at->ai_addrlen) == 0) {
                fd_ = fd;
                break;
            }
            ::close(fd);
        }
        freeaddrinfo(found);
        if (fd_ < 0) {
            throw std::invalid_argument("cannot connect to " + host_ + ":" + port_ + ": " +
                                        std::strerror(errno));
        }
        const int one = 1;
        setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        buffer_.clear();
        reusable_ = false;
    }

    void close() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
        buffer_.clear();
    }

    void write_all(const std::string& data) {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                throw std::runtime_error("send failed");
            }
            sent += static_cast<std::size_t>(n);
        }
    }

    // Appends what the socket has to buffer_; false at end of stream.
    bool fill() {
        char chunk[65536];
        for (;;) {
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0) {
                throw std::runtime_error("recv failed");
            }
            buffer_.append(chunk, static_cast<std::size_t>(n));
            return n > 0;
        }
    }

    std::string read_line() {
        for (;;) {
            const auto end = buffer_.find("\r\n");
            if (end != std::string::npos) {
                std::string line = buffer_.substr(0, end);
                buffer_.erase(0, end + 2);
                return line;
            }
            if (!fill()) {
                throw std::runtime_error("connection closed");
            }
        }
    }

    std::string read_exactly(std::size_t size) {
        while (buffer_.size() < size) {
            if (!fill()) {
                throw std::runtime_error("connection closed in a body");
            }
        }
        std::string out = buffer_.substr(0, size);
        buffer_.erase(0, size);
        return out;
    }

    Response exchange(const std::string& path) {
        write_all("GET " + path + " HTTP/1.1\r\nHost: " + host_ + ":" + port_ +
                  "\r\nAccept: application/json\r\nUser-Agent: accord-bench-http\r\n\r\n");
        Response response;
        const std::string status_line = read_line();
        reusable_ = true;  // the server answered on this connection before
        if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) {
            throw std::runtime_error("bad status line: " + status_line);
        }
        response.status = std::stoi(status_line.substr(9, 3));
        std::optional<std::size_t> length;
        bool chunked = false;
        bool close_after = false;
        for (;;) {
            const std::string line = read_line();
            if (line.empty()) {
                break;
            }
            const auto colon = line.find(':');
            if (colon == std::string::npos) {
                continue;
            }
            const std::string name = lower(line.substr(0, colon));
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(" \t"));
            if (name == "content-length") {
                length = static_cast<std::size_t>(std::stoull(value));
            } else if (name == "transfer-encoding" &&
                       lower(value).find("chunked") != std::string::npos) {
                chunked = true;
            } else if (name == "connection" && lower(value).find("close") != std::string::npos) {
                close_after = true;
            }
        }
        if (chunked) {
            for (;;) {
                const std::size_t size = std::stoul(read_line(), nullptr, 16);
                if (size == 0) {
                    while (!read_line().empty()) {
                    }
                    break;
                }
                response.body += read_exactly(size);
                read_line();
            }
        } else if (length) {
            response.body = read_exactly(*length);
        } else {
            while (fill()) {
            }
            response.body = std::move(buffer_);
            close_after = true;
        }
        if (close_after) {
            close();
        }
        return response;
    }

    std::string host_;
    std::string port_;
    int fd_ = -1;
    bool reusable_ = false;
    std::string buffer_;
};

std::vector<Request> read_requests(const std::string& file) {
    std::ifstream in(file);
    if (!in) {
        throw std::invalid_argument("cannot open " + file);
    }
    std::vector<Request> requests;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const auto tab = line.find('\t');
        if (tab == std::string::npos || line.find('\t', tab + 1) != std::string::npos) {
            throw std::invalid_argument(file + ": expected label<TAB>path: " + line);
        }
        requests.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
    if (requests.empty()) {
        throw std::invalid_argument(file + ": no requests");
    }
    return requests;
}

struct SearchFields {
    double took_ms = -1.0;
    long long total = -1;
    int exact = -1;
};

// took_ms, total and total_exact of an /api/search answer; -1 when absent.
SearchFields search_fields(const std::string& body) {
    SearchFields fields;
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object()) {
        return fields;
    }
    if (const auto took = json.find("took_ms"); took != json.end() && took->is_number()) {
        fields.took_ms = took->get<double>();
    }
    if (const auto total = json.find("total"); total != json.end() && total->is_number()) {
        fields.total = total->get<long long>();
    }
    if (const auto exact = json.find("total_exact"); exact != json.end() && exact->is_boolean()) {
        fields.exact = exact->get<bool>() ? 1 : 0;
    }
    return fields;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Sequential keep-alive HTTP latency driver (one connection, one request at a "
        "time); writes one TSV line per request."};
    std::string host = "127.0.0.1";
    std::string port;
    std::string requests_file;
    std::string out_file = "-";
    unsigned rounds = 10;
    unsigned warmup = 1;
    app.add_option("--host", host, "Server address")->capture_default_str();
    app.add_option("--port", port, "Server port")->required();
    app.add_option("--requests", requests_file, "File of label<TAB>path lines")->required();
    app.add_option("--rounds", rounds, "Measured rounds over all requests")->capture_default_str();
    app.add_option("--warmup", warmup, "Unmeasured rounds first")->capture_default_str();
    app.add_option("--out", out_file, "TSV output ('-' for stdout)")->capture_default_str();
    double max_seconds = 0;
    app.add_option("--max-seconds", max_seconds,
                   "No new measured round once the measured ones took this long (0: no limit; "
                   "at least one round is always measured)")
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;
    }
    try {
        const std::vector<Request> requests = read_requests(requests_file);
        std::ofstream file;
        if (out_file != "-") {
            file.open(out_file);
            if (!file) {
                throw std::invalid_argument("cannot write " + out_file);
            }
        }
        std::ostream& out = out_file == "-" ? std::cout : file;
        out << "round\tindex\tlabel\tstatus\tclient_us\ttook_ms\ttotal\texact\tbytes\n";
        Connection connection(host, port);
        int failures = 0;
        std::chrono::steady_clock::time_point measuring;
        for (unsigned round = 0; round < warmup + rounds; ++round) {
            if (round == warmup) {
                measuring = std::chrono::steady_clock::now();
            } else if (round > warmup && max_seconds > 0 &&
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - measuring)
                               .count() > max_seconds) {
                break;
            }
            for (std::size_t index = 0; index < requests.size(); ++index) {
                const auto& request = requests[index];
                const auto start = std::chrono::steady_clock::now();
                const Response response = connection.get(request.path);
                const auto stop = std::chrono::steady_clock::now();
                if (response.status != 200) {
                    ++failures;
                    if (failures <= 5) {
                        std::cerr << "accord-bench-http: " << request.path << ": status "
                                  << response.status << ": " << response.body.substr(0, 200)
                                  << "\n";
                    }
                }
                if (round < warmup) {
                    continue;
                }
                const SearchFields fields = search_fields(response.body);
                const double client_us =
                    std::chrono::duration<double, std::micro>(stop - start).count();
                char line[160];
                std::snprintf(line, sizeof line, "\t%d\t%.1f\t%.4f\t%lld\t%d\t%zu\n",
                              response.status, client_us, fields.took_ms, fields.total,
                              fields.exact, response.body.size());
                out << (round - warmup) << '\t' << index << '\t' << request.label << line;
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    } catch (const std::invalid_argument& error) {
        std::cerr << "accord-bench-http: " << error.what() << "\n";
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "accord-bench-http: " << error.what() << "\n";
        return 2;
    }
}
