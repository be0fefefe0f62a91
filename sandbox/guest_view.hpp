// Guest memory as ring 3 itself may read it. The host reads guest memory on
// the guest's behalf (host-call names and arguments, and the byte strings
// an argument points at further) only through this, so a guest cannot use a
// host call to read supervisor pages.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "sandbox/guest_memory.hpp"
#include "sandbox/page_rights.hpp"

namespace ember::sandbox {

class GuestView {
  public:
    // Nothing is readable.
    GuestView() = default;
    // Both must outlive the view.
    GuestView(const GuestMemory& memory, const PageRights& rights)
        : memory_(&memory), rights_(&rights) {}

    // [gva, gva + len) when ring 3 may read every byte of it, else nullopt.
    std::optional<std::span<const std::byte>> readable(uint64_t gva, uint64_t len) const {
        if (memory_ == nullptr || !rights_->readable(Gpa{gva}, len)) return std::nullopt;
        return memory_->find(Gpa{gva}, len);
    }

  private:
    const GuestMemory* memory_ = nullptr;
    const PageRights* rights_ = nullptr;
};

}  // namespace ember::sandbox
