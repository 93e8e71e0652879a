#include "tools/sohoa/options.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace po = boost::program_options;

namespace sohoa::cli {
namespace {

std::string FirstExisting(const char* env, const std::string& relative) {
  if (const char* v = std::getenv(env); v != nullptr && *v != '\0') return v;
  for (const std::string& root : {std::string(SOHOA_SOURCE_DIR), std::string("/usr/local/share/sohoa")}) {
    std::filesystem::path p = std::filesystem::path(root) / relative;
    if (std::filesystem::exists(p)) return p.string();
  }
  return (std::filesystem::path(SOHOA_SOURCE_DIR) / relative).string();
}

}  // namespace

// Parses `args` against `desc` (+ positional `inputs`), printing help or the
// error. Returns -1 to go on, else the exit code.
int Parse(const std::vector<std::string>& args, const std::string& command,
          po::options_description desc, const po::positional_options_description& positional,
          po::variables_map* vm) {
  desc.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), *vm);
    po::notify(*vm);
  } catch (const po::error& e) {
    std::cerr << "sohoa " << command << ": " << e.what() << "\n"
              << "Try 'sohoa " << command << " --help'.\n";
    return kExitUsage;
  }
  if (vm->count("help")) {
    std::cout << "usage: sohoa " << command << "\n\n" << desc << "\n";
    return kExitOk;
  }
  return -1;
}

std::string DefaultModelPath() { return FirstExisting("SOHOA_MODEL", SOHOA_DEFAULT_MODEL); }
std::string DefaultChannelPath(const std::string& model_path, const char* file) {
  return (std::filesystem::path(model_path).parent_path() / file).string();
}

Status AddRestorerFlags(const po::variables_map& vm, std::string* model_path,
                        RestorerOptions* options) {
  *model_path = vm.count("model") ? vm["model"].as<std::string>() : DefaultModelPath();
  if (vm.count("no-channel")) return Status::Ok();
  options->channel_path = vm.count("channel") ? vm["channel"].as<std::string>()
                                              : DefaultChannelPath(*model_path, "channel_eng.tsv");
  options->clean_channel_path = vm.count("clean-channel")
                                    ? vm["clean-channel"].as<std::string>()
                                    : DefaultChannelPath(*model_path, "channel_vie.tsv");
  return Status::Ok();
}
std::string DefaultRulesDir() { return FirstExisting("SOHOA_RULES", "rules"); }

po::options_description PipelineFlags() {
  po::options_description d("Pipeline options");
  d.add_options()
      ("no-restore", "skip diacritic restoration")
      ("model", po::value<std::string>(), "restoration model file (default: the bundled one)")
      ("channel", po::value<std::string>(),
       "OCR error channel for garbled text (default: channel_eng.tsv beside the model)")
      ("clean-channel", po::value<std::string>(),
       "error channel of fresh OCR (default: channel_vie.tsv beside the model)")
      ("no-channel", "restore with the language model alone")
      ("force-ocr", "OCR every PDF page, even when its text layer is good Vietnamese")
      ("keep-colour-ink", "OCR PDF pages with their red and blue ink (seals, signatures)")
      ("tone-style", po::value<std::string>()->default_value("classic"),
       "tone placement: classic (hòa, thủy) or modern (hoà, thuỷ)")
      ("max-pixels", po::value<int64_t>()->default_value(200'000'000),
       "refuse pages larger than this many pixels")
      ("dpi", po::value<int>()->default_value(300), "resolution to render PDF pages at")
      ("encoding", po::value<std::string>(),
       "text files are in this encoding (default: detected): utf-8, tcvn3, vni, viscii, cp1258, "
       "viqr, utf-16le/be, utf-32le/be, or X-as-cp1252 / X-as-latin1 for X misread once")
      ("lang", po::value<std::string>()->default_value("vie"), "Tesseract language");
  return d;
}

StatusOr<PipelineOptions> ToPipelineOptions(const po::variables_map& vm, bool need_extract) {
  PipelineOptions o;
  o.restore = !vm.count("no-restore");
  SOHOA_RETURN_IF_ERROR(AddRestorerFlags(vm, &o.model_path, &o.restorer));
  o.extract = need_extract && !vm.count("no-extract");
  o.rules_dir = vm.count("rules") ? vm["rules"].as<std::string>() : DefaultRulesDir();
  o.force_ocr = vm.count("force-ocr") > 0;
  o.drop_colour_ink = vm.count("keep-colour-ink") == 0;
  std::string style = vm["tone-style"].as<std::string>();
  if (style == "modern") {
    o.normalize.tone_placement = vi::TonePlacement::kModern;
  } else if (style != "classic") {
    return InvalidArgumentError("--tone-style must be classic or modern, not '" + style + "'");
  }
  o.limits.max_pixels = vm["max-pixels"].as<int64_t>();
  o.pdf_dpi = vm["dpi"].as<int>();
  if (o.limits.max_pixels <= 0) return InvalidArgumentError("--max-pixels must be positive");
  if (o.pdf_dpi < 50 || o.pdf_dpi > 1200) return InvalidArgumentError("--dpi must be 50..1200");
  o.ocr.language = vm["lang"].as<std::string>();
  if (vm.count("jobs")) {
    o.jobs = vm["jobs"].as<int>();
    if (o.jobs < 1 || o.jobs > 256) return InvalidArgumentError("--jobs must be 1..256");
  }
  if (vm.count("encoding")) {
    const std::string name = vm["encoding"].as<std::string>();
    o.text_encoding = ParseEncodingName(name);
    if (!o.text_encoding) {
      std::string known;
      for (const std::string& n : EncodingFlagNames()) known += (known.empty() ? "" : ", ") + n;
      return InvalidArgumentError("--encoding: unknown encoding '" + name + "' (known: " + known +
                                  ")");
    }
  }
  if (vm.count("trust-store")) o.trust_store = vm["trust-store"].as<std::string>();
  return o;
}

}  // namespace sohoa::cli
