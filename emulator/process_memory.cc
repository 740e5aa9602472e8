// The ddbemu process's memory set-up, done before any other initialiser
// (constructor priority 101 runs ahead of C++ static initialisers, such as
// RocksDB's option tables): glibc's heap limits, and the start-up pages
// mapped in bulk instead of one page fault at a time.
//
// Linked into the ddbemu executable only; a program embedding the server
// keeps its own malloc settings.
#include <link.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

namespace {

std::uintptr_t PageSize() { return static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE)); }

// Maps the program's code and constants into the page table in one call per
// segment. Otherwise the first call into each 64 KB of code faults, one
// fault at a time, during start-up (docs/performance.md). The cost: RSS
// counts the whole image, in pages the page cache holds anyway.
void MapProgramImage() {
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void*) {
        const std::uintptr_t page = PageSize();
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& segment = info->dlpi_phdr[i];
          if (segment.p_type != PT_LOAD || (segment.p_flags & PF_W)) continue;
          const std::uintptr_t begin = (info->dlpi_addr + segment.p_vaddr) & ~(page - 1);
          const std::uintptr_t end = info->dlpi_addr + segment.p_vaddr + segment.p_memsz;
          madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_READ);
        }
        return 1;  // the program itself comes first; libraries are not needed
      },
      nullptr);
}

// Start-up touches about 400 KB of fresh heap (RocksDB's static
// initialisers, then opening the store), one page fault per 4 KB page; one
// madvise populating the range costs less than the faults, so the heap grows
// once by that much and is populated in one call. Kernels before 5.14
// refuse MADV_POPULATE_WRITE, and the pages fault in one by one.
void PopulateStartupHeap() {
  constexpr int kStartupHeapBytes = 512 << 10, kGlibcDefault = 128 << 10;
  mallopt(M_TOP_PAD, kStartupHeapBytes);
  mallopt(M_TRIM_THRESHOLD, 2 * kStartupHeapBytes);  // freeing `grow` must not give it back
  // One byte more than the free top of the heap holds, so the heap grows.
  char* grow = static_cast<char*>(malloc(mallinfo2().keepcost + 1));
  const std::uintptr_t page = PageSize();
  const auto begin = (reinterpret_cast<std::uintptr_t>(grow) + page - 1) & ~(page - 1);
  const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  if (grow && end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
  free(grow);
  mallopt(M_TOP_PAD, kGlibcDefault);
  mallopt(M_TRIM_THRESHOLD, kGlibcDefault);
}

}  // namespace

__attribute__((constructor(101))) static void PrepareProcessMemory() {
  // glibc raises its mmap threshold to the largest mapped block freed, so
  // later blocks of that size come from the heap and, once freed, can stay in
  // it as fragments; a fixed 1 MB threshold keeps RSS lower after heavy
  // writes (docs/performance.md). The memtable's blocks stay below it on
  // purpose: they are reused from the heap by the next memtable
  // (engine/storage.cc).
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  // Fast bins up to their maximum of 160 bytes (128 by default) take more
  // small blocks back without sorting them; large Scans, which decode many
  // items, gain from it (docs/performance.md).
  mallopt(M_MXFAST, 160);
  PopulateStartupHeap();
  MapProgramImage();
}
