// Release packets: merging and stamping a 1,000-page packet with QpdfAssembler (pages/s), against
// the qpdf command line merging the same inputs (`qpdf --empty --pages ... --`, no stamps) in the
// same run.  The command's time is wall time of the subprocess plus its CPU from getrusage.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/packet_builder.h"
#include "render/cairo_renderer.h"
#include "render/qpdf_assembler.h"

namespace {

constexpr int kDocuments = 100;  // Each 10 pages: 1,000 pages in all.

// 100 PDFs of 10 pages each, rendered once.
const std::vector<std::string>& Inputs() {
  static const std::vector<std::string> inputs = [] {
    roi::render::CairoRenderer renderer;
    std::string text;
    for (int line = 0; line < 10 * 53 - 4; ++line) {  // Ten pages with the title.
      text += "Synthetic progress note line " + std::to_string(line) + "\n";
    }
    std::vector<std::string> out;
    for (int i = 0; i < kDocuments; ++i) {
      roi::Printable printable = roi::TextPrintable("Document " + std::to_string(i), text,
                                                    *roi::Date::FromYmd(2026, 1, 10));
      out.push_back(*renderer.RenderPdf(printable));
    }
    return out;
  }();
  return inputs;
}

// Pages of the packet the inputs make (1,000 when every input has ten).
double PageCount() {
  static const double pages = [] {
    roi::render::QpdfAssembler assembler;
    return static_cast<double>(
        assembler.Assemble(Inputs(), {.request_number = "R-2026-000001"})->page_count);
  }();
  return pages;
}

void BM_PacketAssembleAndStamp(benchmark::State& state) {
  const std::vector<std::string>& inputs = Inputs();
  roi::render::QpdfAssembler assembler;
  roi::PageStamp stamp{.request_number = "R-2026-000001", .bates_prefix = "BEN"};
  int pages = 0;
  for (auto _ : state) {
    roi::Result<roi::AssembledPdf> packet = assembler.Assemble(inputs, stamp);
    if (!packet) {
      state.SkipWithError(packet.error().message.c_str());
      return;
    }
    pages = packet->page_count;
    benchmark::DoNotOptimize(packet->bytes.data());
  }
  state.counters["pages"] = pages;
  state.counters["pages_per_s"] = benchmark::Counter(
      pages * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PacketAssembleAndStamp)->Unit(benchmark::kMillisecond)->UseRealTime();

double ChildCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void BM_QpdfCommandMerge(benchmark::State& state) {
  const std::vector<std::string>& inputs = Inputs();
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("openroi_packet_bench_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string command = "qpdf --empty --deterministic-id --pages";
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    std::filesystem::path file = dir / ("in" + std::to_string(i) + ".pdf");
    std::ofstream(file, std::ios::binary) << inputs[i];
    command += " " + file.string();
  }
  command += " -- " + (dir / "out.pdf").string();
  double cpu = 0;
  for (auto _ : state) {
    double cpu_before = ChildCpuSeconds();
    auto start = std::chrono::steady_clock::now();
    if (std::system(command.c_str()) != 0) {
      state.SkipWithError("qpdf failed");
      break;
    }
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    cpu += ChildCpuSeconds() - cpu_before;
  }
  std::filesystem::remove_all(dir);
  state.counters["child_cpu_ms_per_run"] =
      1000 * cpu / static_cast<double>(std::max<benchmark::IterationCount>(state.iterations(), 1));
  state.counters["pages_per_s"] = benchmark::Counter(
      PageCount() * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_QpdfCommandMerge)->Unit(benchmark::kMillisecond)->UseManualTime();

}  // namespace
