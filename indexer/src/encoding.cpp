#include "accord/index/encoding.hpp"

#include <uchardet/uchardet.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <memory>

#include "accord/analyzers/utf8.hpp"
#include "accord/index/errors.hpp"

namespace accord::index {
namespace {

constexpr std::size_t kSniffBytes = 8192;

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

std::string convert(std::string_view bytes, const std::string& encoding) {
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) {
        throw ExtractError("text too large to convert");
    }
    const icu::UnicodeString unicode(bytes.data(), static_cast<int32_t>(bytes.size()),
                                     encoding.c_str());
    if (unicode.isBogus()) {
        throw ExtractError("cannot convert from " + encoding);
    }
    std::string out;
    unicode.toUTF8String(out);
    return out;
}

std::string detect(std::string_view bytes) {
    const std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)> detector(
        uchardet_new(), &uchardet_delete);
    const std::size_t sample = std::min<std::size_t>(bytes.size(), 1U << 20U);
    if (uchardet_handle_data(detector.get(), bytes.data(), sample) != 0) {
        return {};
    }
    uchardet_data_end(detector.get());
    const char* charset = uchardet_get_charset(detector.get());
    return charset == nullptr ? std::string() : std::string(charset);
}

bool is_known_encoding(const std::string& name) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open(name.c_str(), &status);
    if (converter != nullptr) {
        ucnv_close(converter);
    }
    return U_SUCCESS(status);
}

}  // namespace

bool looks_binary(std::string_view bytes) {
    if (starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF")) {
        return false;
    }
    const std::string_view sample = bytes.substr(0, kSniffBytes);
    std::size_t control = 0;
    for (const char ch : sample) {
        const auto byte = static_cast<unsigned char>(ch);
        if (byte == 0) {
            return true;
        }
        if (byte < 0x20 && byte != '\n' && byte != '\r' && byte != '\t' && byte != '\f') {
            ++control;
        }
    }
    return !sample.empty() && control * 10 > sample.size();
}

DecodedText decode_text(std::string_view bytes, std::string_view declared) {
    if (starts_with(bytes, "\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
    }
    if (starts_with(bytes, "\xFF\xFE")) {
        return {convert(bytes.substr(2), "UTF-16LE"), "UTF-16LE"};
    }
    if (starts_with(bytes, "\xFE\xFF")) {
        return {convert(bytes.substr(2), "UTF-16BE"), "UTF-16BE"};
    }
    if (looks_binary(bytes)) {
        throw ExtractError("binary content (not a text file)");
    }
    if (analyzers::is_valid_utf8(bytes)) {
        return {std::string(bytes), "UTF-8"};
    }
    std::string encoding(declared);
    if (encoding.empty() || !is_known_encoding(encoding) || encoding == "utf-8" ||
        encoding == "UTF-8") {
        encoding = detect(bytes);
    }
    if (encoding.empty() || !is_known_encoding(encoding)) {
        throw ExtractError("unknown text encoding (not UTF-8, and uchardet found none)");
    }
    return {analyzers::sanitize_utf8(convert(bytes, encoding)), encoding};
}

}  // namespace accord::index
