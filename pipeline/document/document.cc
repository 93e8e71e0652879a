#include "pipeline/document/document.h"

#include "pipeline/base/json.h"

namespace sohoa {

const char* InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kUnknown: return "unknown";
    case InputFormat::kTiff: return "tiff";
    case InputFormat::kPng: return "png";
    case InputFormat::kJpeg: return "jpeg";
    case InputFormat::kPdf: return "pdf";
    case InputFormat::kText: return "text";
    case InputFormat::kBmp: return "bmp";
    case InputFormat::kPnm: return "pnm";
    case InputFormat::kWebp: return "webp";
    case InputFormat::kGif: return "gif";
  }
  return "unknown";
}

const char* TextSourceName(TextSource source) {
  switch (source) {
    case TextSource::kOcr: return "ocr";
    case TextSource::kTextLayer: return "text_layer";
    case TextSource::kPlainText: return "plain_text";
  }
  return "unknown";
}

const char* SignatureStatusName(SignatureStatus status) {
  switch (status) {
    case SignatureStatus::kValid: return "valid";
    case SignatureStatus::kModified: return "modified";
    case SignatureStatus::kUnreadable: return "unreadable";
    case SignatureStatus::kUnsupported: return "unsupported";
  }
  return "unknown";
}

const char* ChainStatusName(ChainStatus status) {
  switch (status) {
    case ChainStatus::kTrusted: return "trusted";
    case ChainStatus::kUnknownIssuer: return "unknown_issuer";
    case ChainStatus::kExpired: return "expired";
    case ChainStatus::kInvalid: return "invalid";
  }
  return "unknown";
}

std::string Signature::ByteRangesJson() const {
  std::string json = "[";
  for (const auto& [offset, length] : byte_ranges) {
    json += (json.size() > 1 ? ",[" : "[") + std::to_string(offset) + "," +
            std::to_string(length) + "]";
  }
  return json + "]";
}

const FieldValue* Record::Field(const std::string& name) const {
  for (const auto& [key, value] : fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

void Record::Set(const std::string& name, FieldValue value) {
  for (auto& [key, v] : fields) {
    if (key == name) {
      v = std::move(value);
      return;
    }
  }
  fields.emplace_back(name, std::move(value));
}

std::string Record::FieldText(const std::string& name) const {
  const FieldValue* v = Field(name);
  if (v == nullptr) return "";
  if (const auto* s = std::get_if<std::string>(v)) return *s;
  if (const auto* i = std::get_if<int64_t>(v)) return std::to_string(*i);
  return "";
}

namespace {

struct FieldWriter {
  JsonObject* json;
  const std::string& key;
  void operator()(std::monostate) const { json->AddNull(key); }
  void operator()(const std::string& v) const { json->Add(key, v); }
  void operator()(int64_t v) const { json->Add(key, v); }
  void operator()(double v) const { json->Add(key, v); }
  void operator()(bool v) const { json->Add(key, v); }
  void operator()(const std::vector<std::string>& v) const { json->Add(key, v); }
};

void AddFields(const std::vector<std::pair<std::string, FieldValue>>& fields, JsonObject* json) {
  for (const auto& [key, value] : fields) std::visit(FieldWriter{json, key}, value);
}

template <typename Getter>
std::string JoinPages(const std::vector<Page>& pages, Getter get) {
  std::string out;
  for (size_t i = 0; i < pages.size(); ++i) {
    if (i > 0) out.push_back('\f');
    out += get(pages[i]);
  }
  return out;
}

}  // namespace

std::string Record::ToJson() const {
  JsonObject json;
  json.Add("kind", kind).Add("text", text);
  json.Add("start", static_cast<uint64_t>(start)).Add("end", static_cast<uint64_t>(end));
  json.Add("line", line).Add("rule", rule);
  AddFields(fields, &json);
  return json.Finish();
}

std::string Record::FieldsJson() const {
  JsonObject json;
  AddFields(fields, &json);
  return json.Finish();
}

std::string Document::FullText() const {
  return JoinPages(pages, [](const Page& p) -> const std::string& { return p.text; });
}

std::string Document::FullRawText() const {
  return JoinPages(pages, [](const Page& p) -> const std::string& { return p.raw_text; });
}

}  // namespace sohoa
