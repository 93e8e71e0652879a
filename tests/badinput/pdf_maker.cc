#include "tests/badinput/pdf_maker.h"

#include <vector>

#include "tests/support/pdf_objects.h"

namespace sohoa::testing_files {

std::string MakeTextPdf(const std::string& text, bool encrypted) {
  const std::string content = "BT /F1 12 Tf 72 760 Td (" + text + ") Tj ET";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
          "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  };
  const std::string hash32(64, 'A');  // 32 bytes that match no password
  if (encrypted) {
    objects.push_back("<< /Filter /Standard /V 1 /R 2 /O <" + hash32 + "> /U <" + hash32 +
                      "> /P -44 >>");
  }
  std::string trailer_extra;
  if (encrypted) {
    trailer_extra = " /Encrypt 6 0 R /ID [<00112233445566778899AABBCCDDEEFF>"
                    "<00112233445566778899AABBCCDDEEFF>]";
  }
  return AssemblePdf(objects, trailer_extra);
}

}  // namespace sohoa::testing_files
