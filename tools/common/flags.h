// Command-line parsing shared by the offline tools in tools/.
#ifndef SOHOA_TOOLS_COMMON_FLAGS_H_
#define SOHOA_TOOLS_COMMON_FLAGS_H_

#include <boost/program_options.hpp>
#include <iostream>

namespace sohoa::tools {

// Parses argv against `desc` into `vm`. Returns -1 to go on, 0 after printing
// --help, or 2 after printing a usage error prefixed with `tool`.
inline int ParseFlags(int argc, char** argv, const char* tool,
                      const boost::program_options::options_description& desc,
                      boost::program_options::variables_map* vm) {
  namespace po = boost::program_options;
  try {
    po::store(po::parse_command_line(argc, argv, desc), *vm);
    if (vm->count("help")) {
      std::cout << desc << "\n";
      return 0;
    }
    po::notify(*vm);
  } catch (const std::exception& e) {
    std::cerr << tool << ": " << e.what() << "\n" << desc << "\n";
    return 2;
  }
  return -1;
}

}  // namespace sohoa::tools

#endif  // SOHOA_TOOLS_COMMON_FLAGS_H_
