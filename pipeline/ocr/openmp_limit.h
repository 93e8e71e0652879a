// Private to the ocr stage. Debian's libtesseract is built with OpenMP and
// opens parallel regions inside LSTM recognition; with one engine per worker
// that oversubscribes the cores. sohoa parallelizes across pages instead.
#ifndef SOHOA_PIPELINE_OCR_OPENMP_LIMIT_H_
#define SOHOA_PIPELINE_OCR_OPENMP_LIMIT_H_

namespace sohoa {

// Sets OMP_THREAD_LIMIT=1 when unset (read by OpenMP runtimes that start
// later) and, when libgomp is loaded, sets max-active-levels to 0 for the
// calling thread so every Tesseract parallel region runs on that thread
// alone. Call on each thread that runs OCR; cheap after the first call.
void LimitOpenMpThreads();

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_OCR_OPENMP_LIMIT_H_
