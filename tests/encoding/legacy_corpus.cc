#include "tests/encoding/legacy_corpus.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/ingest/legacy_charsets.h"
#include "tests/support/pdf_objects.h"

namespace sohoa::legacy_corpus {
namespace {

namespace fs = std::filesystem;

// Vietnamese letters and ASCII stay; other punctuation becomes its ASCII
// look-alike, as a legacy program would have typed it.
std::string Encodable(const std::string& text) {
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    const char32_t c = DecodeUtf8(text, &pos);
    vi::LetterParts parts;
    if (c < 0x80 || vi::Decompose(c, &parts)) {
      AppendUtf8(c, &out);
    } else if (c == U'“' || c == U'”') {
      out += '"';
    } else if (c == U'‘' || c == U'’') {
      out += '\'';
    } else if (c == U'–' || c == U'—') {
      out += '-';
    } else if (c == U'…') {
      out += "...";
    } else {
      out += ' ';
    }
  }
  return out;
}

bool HasDiacritics(const std::string& line) { return vi::StripDiacritics(line) != line; }

// The first line of five words or more that carries diacritics.
std::string OneLine(const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (HasDiacritics(line) && std::count(line.begin(), line.end(), ' ') >= 4) return line + "\n";
  }
  return text.substr(0, text.find('\n') + 1);
}

// Twenty rows of figures; every fourth names a unit in two words of the text.
std::string Table(const std::string& text) {
  std::vector<std::string> accented;
  std::istringstream words(text);
  for (std::string w; words >> w;) {
    if (HasDiacritics(w) && w.find_first_of(",.;:()") == std::string::npos) accented.push_back(w);
  }
  std::string out = "STT | Ma so | 2021 | 2022 | 2023 | Ty le (%)\n";
  for (int row = 1; row <= 20; ++row) {
    out += std::to_string(row) + " | " + std::to_string(1000 + 37 * row) + "/KH | " +
           std::to_string(120 * row) + " | " + std::to_string(131 * row + 7) + " | " +
           std::to_string(140 * row + 3) + " | " + std::to_string(row % 10) + "," +
           std::to_string(row * 7 % 10);
    if (row % 4 == 0 && accented.size() >= 2) {
      const size_t at = (row / 4 * 2) % (accented.size() - 1);
      out += " | " + accented[at] + " " + accented[at + 1];
    }
    out += "\n";
  }
  return out;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Bom(Charset charset) {
  using std::string_literals::operator""s;
  switch (charset) {
    case Charset::kUtf16Le:
      return "\xFF\xFE"s;
    case Charset::kUtf16Be:
      return "\xFE\xFF"s;
    case Charset::kUtf32Le:
      return "\xFF\xFE\0\0"s;
    case Charset::kUtf32Be:
      return "\0\0\xFE\xFF"s;
    default:
      return "";
  }
}

}  // namespace

const char* ShapeName(Shape shape) {
  switch (shape) {
    case Shape::kWhole:
      return "whole";
    case Shape::kLine:
      return "line";
    default:
      return "table";
  }
}

std::vector<std::pair<std::string, std::string>> Documents(const std::string& source_dir) {
  std::vector<std::pair<std::string, std::string>> docs;
  const fs::path root = fs::path(source_dir) / "corpus/extract/heldout";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return docs;
  for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 10 || name.substr(name.size() - 10) != "_clean.txt") continue;
    docs.emplace_back(name.substr(0, name.size() - 10), Encodable(ReadAll(entry.path())));
  }
  std::sort(docs.begin(), docs.end());
  return docs;
}

std::vector<TextEncoding> Paths() {
  std::vector<TextEncoding> paths;
  for (Charset c :
       {Charset::kTcvn3, Charset::kVni, Charset::kViscii, Charset::kCp1258, Charset::kViqr,
        Charset::kUtf16Le, Charset::kUtf16Be, Charset::kUtf32Le, Charset::kUtf32Be}) {
    paths.push_back({c, Misread::kNone});
  }
  for (Misread m : {Misread::kCp1252, Misread::kLatin1}) {
    for (Charset c :
         {Charset::kTcvn3, Charset::kVni, Charset::kViscii, Charset::kCp1258, Charset::kUtf8}) {
      paths.push_back({c, m});
    }
  }
  return paths;
}

std::vector<File> MakeFiles(const std::vector<std::pair<std::string, std::string>>& documents) {
  std::vector<File> files;
  for (const auto& [name, text] : documents) {
    for (Shape shape : {Shape::kWhole, Shape::kLine, Shape::kTable}) {
      const std::string original = shape == Shape::kWhole  ? text
                                   : shape == Shape::kLine ? OneLine(text)
                                                           : Table(text);
      for (TextEncoding path : Paths()) {
        File f;
        f.name = name + " " + ShapeName(shape) + " " + EncodingFlagName(path);
        f.original = original;
        f.encoding = f.same_bytes_as = path;
        f.shape = shape;
        StatusOr<std::string> bytes = legacy::Encode(original, path.charset);
        if (!bytes.ok()) continue;  // the test counts files; a gap shows
        f.bytes = Bom(path.charset) + *bytes;
        if (path.misread != Misread::kNone) {
          const std::string cp1252 = legacy::ReadWestern(f.bytes, Misread::kCp1252);
          const std::string latin1 = legacy::ReadWestern(f.bytes, Misread::kLatin1);
          f.bytes = path.misread == Misread::kCp1252 ? cp1252 : latin1;
          if (cp1252 == latin1) {
            f.same_bytes_as.misread =
                path.misread == Misread::kCp1252 ? Misread::kLatin1 : Misread::kCp1252;
          }
        }
        files.push_back(std::move(f));
      }
    }
  }
  return files;
}

std::string MakeWinAnsiPdf(const std::vector<std::string>& lines) {
  std::string content = "BT /F1 11 Tf 60 780 Td 14 TL\n";
  for (const std::string& line : lines) {
    content += "(";
    for (unsigned char c : line) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\%03o", c);
      content += (c >= 0x20 && c < 0x7F && c != '(' && c != ')' && c != '\\')
                     ? std::string(1, static_cast<char>(c))
                     : std::string(buf);
    }
    content += ") Tj T*\n";
  }
  content += "ET\n";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  };
  return testing_files::AssemblePdf(objects);
}

size_t CodePoints(const std::string& text) {
  size_t n = 0;
  for (size_t pos = 0; pos < text.size(); ++n) DecodeUtf8(text, &pos);
  return n;
}

size_t CharErrors(const std::string& expected, const std::string& actual) {
  std::u32string a, b;
  for (size_t pos = 0; pos < expected.size();) a.push_back(DecodeUtf8(expected, &pos));
  for (size_t pos = 0; pos < actual.size();) b.push_back(DecodeUtf8(actual, &pos));
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  a = a.substr(prefix, a.size() - prefix - suffix);
  b = b.substr(prefix, b.size() - prefix - suffix);
  if (a.size() > 4000 || b.size() > 4000) return std::max(a.size(), b.size());  // far apart
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace sohoa::legacy_corpus
