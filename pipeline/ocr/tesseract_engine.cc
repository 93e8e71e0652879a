// OcrEngine on the Tesseract C++ API. Tesseract's messages go to /dev/null
// (debug_file); failures reach the caller as Status.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include "pipeline/ocr/ocr.h"
#include "pipeline/ocr/openmp_limit.h"
#include "pipeline/ocr/reading_order.h"

namespace sohoa {
namespace {

struct TextDeleter {
  void operator()(char* text) const { delete[] text; }
};
using TessText = std::unique_ptr<char[], TextDeleter>;

// Lines end in '\n'; paragraphs are separated by exactly one blank line; no
// trailing whitespace.
std::string TidyText(const char* raw) {
  std::string out;
  int newlines = 0;
  for (const char* p = raw; *p != '\0'; ++p) {
    if (*p == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      ++newlines;
      continue;
    }
    if (newlines > 0 && !out.empty()) out.append(newlines >= 2 ? "\n\n" : "\n");
    newlines = 0;
    out.push_back(*p);
  }
  return out;
}

bool IsBlank(const char* text) {
  for (; *text != '\0'; ++text) {
    if (*text != ' ' && *text != '\t' && *text != '\n') return false;
  }
  return true;
}

// The page's words, and the same words line by line (lines that hold no
// text left out, as GetUTF8Text leaves them out).
std::vector<Word> CollectWords(tesseract::TessBaseAPI* api, std::vector<OcrLine>* lines) {
  std::vector<Word> words;
  std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
  if (it == nullptr) return words;
  bool new_line = true;
  do {
    new_line = new_line || it->IsAtBeginningOf(tesseract::RIL_TEXTLINE);
    TessText text(it->GetUTF8Text(tesseract::RIL_WORD));
    if (text == nullptr || IsBlank(text.get())) continue;
    if (new_line) lines->emplace_back();
    new_line = false;
    Word word;
    word.text = text.get();
    int left = 0, top = 0, right = 0, bottom = 0;
    it->BoundingBox(tesseract::RIL_WORD, &left, &top, &right, &bottom);
    word.box = Box{left, top, right - left, bottom - top};
    word.confidence = it->Confidence(tesseract::RIL_WORD);
    lines->back().words.push_back(word);
    words.push_back(std::move(word));
  } while (it->Next(tesseract::RIL_WORD));
  return words;
}

// Where Tesseract looks for language data, most specific first. Checked before
// Init(), which would print its own complaints on stderr for a missing file.
std::vector<std::string> TessdataCandidates(const std::string& datapath) {
  if (!datapath.empty()) return {datapath, datapath + "/tessdata"};
  std::vector<std::string> dirs;
  if (const char* prefix = std::getenv("TESSDATA_PREFIX")) {
    dirs = {prefix, std::string(prefix) + "/tessdata"};
  }
  for (const char* dir : {"/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tessdata",
                          "/usr/local/share/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"}) {
    dirs.push_back(dir);
  }
  return dirs;
}

// The first language of "vie+eng" that no candidate folder holds, or "".
std::string MissingLanguage(const OcrOptions& options) {
  const std::vector<std::string> dirs = TessdataCandidates(options.datapath);
  size_t start = 0;
  while (start <= options.language.size()) {
    size_t end = options.language.find('+', start);
    if (end == std::string::npos) end = options.language.size();
    const std::string language = options.language.substr(start, end - start);
    bool found = false;
    for (const std::string& dir : dirs) {
      std::error_code ec;
      found = found || std::filesystem::exists(dir + "/" + language + ".traineddata", ec);
    }
    if (!found) return language;
    start = end + 1;
  }
  return "";
}

Status MissingLanguageError(const OcrOptions& options, const std::string& language) {
  return NotFoundError(
      "Tesseract cannot load language data '" + language + "' from " +
      (options.datapath.empty() ? std::string("the system tessdata") : options.datapath) +
      ": install the Debian package tesseract-ocr-" + language +
      " (or set TESSDATA_PREFIX to the folder holding " + language + ".traineddata)");
}

class TesseractEngine : public OcrEngine {
 public:
  Status Init(const OcrOptions& options) {
    options_ = options;
    std::vector<std::string> names = {"debug_file", "preserve_interword_spaces"};
    std::vector<std::string> values = {"/dev/null", "1"};
    const std::string missing = MissingLanguage(options);
    if (!missing.empty()) return MissingLanguageError(options, missing);
    const char* datapath = options.datapath.empty() ? nullptr : options.datapath.c_str();
    if (api_.Init(datapath, options.language.c_str(), tesseract::OEM_LSTM_ONLY, nullptr, 0,
                  &names, &values, false) != 0) {
      return MissingLanguageError(options, options.language);
    }
    api_.SetPageSegMode(static_cast<tesseract::PageSegMode>(options.page_segmentation_mode));
    datapath_ = api_.GetDatapath();
    return Status::Ok();
  }

  StatusOr<OcrResult> Recognize(const Image& page) override {
    if (page.empty() || page.pixels.size() != static_cast<size_t>(page.width) * page.height) {
      return InvalidArgumentError("ocr: empty or malformed page image");
    }
    if (options_.single_thread) LimitOpenMpThreads();
    api_.SetImage(page.pixels.data(), page.width, page.height, 1, page.width);
    api_.SetSourceResolution(page.dpi >= 70 ? page.dpi : 300);
    if (api_.Recognize(nullptr) != 0) {
      api_.Clear();
      return InternalError("ocr: Tesseract failed to recognize the page");
    }
    OcrResult result;
    std::vector<OcrLine> lines;
    result.words = CollectWords(&api_, &lines);
    if (result.words.empty()) {
      // On a page where layout analysis found no text Tesseract leaves its
      // recognition "not done", and GetUTF8Text and MeanTextConf would each
      // run the whole analysis again, only to find nothing again.
      api_.Clear();
      return result;
    }
    TessText text(api_.GetUTF8Text());
    if (text != nullptr) result.text = ReorderBlocks(TidyText(text.get()), lines, page.width);
    result.mean_confidence = static_cast<float>(std::max(0, api_.MeanTextConf()));
    api_.Clear();
    return result;
  }

  std::string Version() const override {
    return TesseractVersion() + ", " + options_.language + " (" + datapath_ + ")";
  }

 private:
  tesseract::TessBaseAPI api_;
  OcrOptions options_;
  std::string datapath_;
};

}  // namespace

StatusOr<std::unique_ptr<OcrEngine>> CreateTesseractEngine(const OcrOptions& options) {
  if (options.single_thread) LimitOpenMpThreads();
  auto engine = std::make_unique<TesseractEngine>();
  SOHOA_RETURN_IF_ERROR(engine->Init(options));
  return std::unique_ptr<OcrEngine>(std::move(engine));
}

std::string TesseractVersion() { return std::string("tesseract ") + tesseract::TessBaseAPI::Version(); }

}  // namespace sohoa
