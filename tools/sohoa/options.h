// Command-line options shared by the sohoa subcommands, and where the
// bundled model and rules are found.
#ifndef SOHOA_TOOLS_SOHOA_OPTIONS_H_
#define SOHOA_TOOLS_SOHOA_OPTIONS_H_

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "pipeline/driver/pipeline.h"

namespace sohoa::cli {

// Exit codes, documented in README.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitSomeFailed = 1;  // some inputs failed; the rest are done
inline constexpr int kExitUsage = 2;       // bad command line
inline constexpr int kExitFatal = 3;       // nothing could run (model, rules, output unusable)

inline constexpr int kExitStopped = 4;     // --max-failures stopped the run
inline constexpr int kExitSigint = 130;    // SIGINT: in-flight work settled, the run recorded
inline constexpr int kExitSigterm = 143;   // SIGTERM: the same

// Parses `args` against `desc` (+ positional inputs), printing help or the
// error. Returns -1 to go on, else the exit code.
int Parse(const std::vector<std::string>& args, const std::string& command,
          boost::program_options::options_description desc,
          const boost::program_options::positional_options_description& positional,
          boost::program_options::variables_map* vm);

// Options every subcommand that runs the pipeline understands.
boost::program_options::options_description PipelineFlags();

// Builds PipelineOptions from parsed flags; fails on bad values.
StatusOr<PipelineOptions> ToPipelineOptions(const boost::program_options::variables_map& vm,
                                            bool need_extract);

// The bundled restoration model / rules directory: $SOHOA_MODEL or
// $SOHOA_RULES, else next to the executable's source tree (the build
// records it), else under /usr/local/share/sohoa.
std::string DefaultModelPath();

// Fills the model path and channel files from --model, --channel,
// --clean-channel and --no-channel (defaults: the bundled files).
Status AddRestorerFlags(const boost::program_options::variables_map& vm,
                        std::string* model_path, RestorerOptions* options);
std::string DefaultRulesDir();

}  // namespace sohoa::cli

#endif  // SOHOA_TOOLS_SOHOA_OPTIONS_H_
