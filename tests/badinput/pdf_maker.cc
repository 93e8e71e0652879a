#include "tests/badinput/pdf_maker.h"

#include <cstdio>
#include <vector>

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
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof(line), "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R";
  if (encrypted) {
    pdf += " /Encrypt 6 0 R /ID [<00112233445566778899AABBCCDDEEFF>"
           "<00112233445566778899AABBCCDDEEFF>]";
  }
  pdf += " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

}  // namespace sohoa::testing_files
