// The cold boot: ELF → guest memory → init → frozen snapshot.
#include "sandbox/snapshot.hpp"

#include <ember/abi.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/join_names.hpp"
#include "sandbox/elf_loader.hpp"
#include "sandbox/x86_64/cpu_setup.hpp"
#include "sandbox/x86_64/guest_cpu.hpp"
#include "sandbox/x86_64/page_tables.hpp"
#include "sandbox/x86_64/system_tables.hpp"

namespace ember::sandbox {

namespace {

using Clock = std::chrono::steady_clock;

uint64_t page_down(uint64_t v) {
    return v & ~(EMBER_PAGE_SIZE - 1);
}
uint64_t page_up(uint64_t v) {
    return page_down(v + EMBER_PAGE_SIZE - 1);
}

AllowedHostFunctions resolve_host_functions(const std::vector<std::string>& names,
                                            const HostFunctions& table) {
    AllowedHostFunctions allowed;
    for (const std::string& name : names) {
        const HostFunction* function = table.find(name);
        if (function == nullptr) {
            const std::string known = join_names(table.names());
            throw std::invalid_argument("unknown host function '" + name + "' (known: " + known +
                                        ")");
        }
        allowed.emplace(name, function);
    }
    return allowed;
}

UniqueFd create_memfd(uint64_t size) {
    UniqueFd fd(::memfd_create("ember-snapshot", MFD_CLOEXEC | MFD_ALLOW_SEALING));
    if (!fd) throw std::system_error(errno, std::generic_category(), "memfd_create");
    if (::ftruncate(fd.get(), static_cast<off_t>(size)) != 0) {
        throw std::system_error(errno, std::generic_category(), "ftruncate of the snapshot memfd");
    }
    return fd;
}

void write_boot_block(const GuestMemory& memory, const Layout& layout) {
    ember_boot boot{};
    boot.abi_version = EMBER_ABI_VERSION;
    boot.memory_size = layout.memory_size;
    boot.heap_start = layout.heap_start;
    boot.heap_end = layout.heap_end;
    boot.stack_start = layout.stack_start;
    boot.stack_end = layout.stack_end;
    boot.input_start = layout.input_start;
    boot.input_size = layout.input_end - layout.input_start;
    boot.output_start = layout.output_start;
    boot.output_size = layout.output_end - layout.output_start;
    memory.write(Gpa{EMBER_BOOT_GPA}, boot);
}

// Every mapped page: the guest's (user) and the host's ring-0 structures
// (supervisor). The page tables themselves stay unmapped.
std::vector<x86_64::PageRange> page_ranges(const ElfImage& image, const Layout& l) {
    std::vector<x86_64::PageRange> ranges = {
        {EMBER_BOOT_GPA, EMBER_BOOT_GPA + EMBER_PAGE_SIZE, false, false, true},
        {EMBER_CALL_GPA, EMBER_CALL_GPA + EMBER_PAGE_SIZE, true, false, true},
        {EMBER_SYSTEM_TABLES_GPA, EMBER_SYSTEM_TABLES_GPA + EMBER_PAGE_SIZE, false, false, false},
        {EMBER_EXCEPTION_STUB_GPA, EMBER_EXCEPTION_STUB_GPA + EMBER_PAGE_SIZE, false, true, false},
        {EMBER_EXCEPTION_STACK_GPA, EMBER_EXCEPTION_STACK_TOP, true, false, false},
        {l.heap_start, l.heap_end, true, false, true},
        {l.stack_start, l.stack_end, true, false, true},
        {l.input_start, l.input_end, false, false, true},
        {l.output_start, l.output_end, true, false, true},
    };
    for (const ElfSegment& s : image.segments) {
        ranges.push_back({page_down(s.gpa), page_up(s.gpa + s.mem_size), s.write, s.execute, true});
    }
    return ranges;
}

PageRights user_rights(const std::vector<x86_64::PageRange>& ranges, uint64_t memory_size) {
    PageRights rights(memory_size);
    for (const x86_64::PageRange& range : ranges) {
        if (range.user) rights.grant(range.start, range.end, range.writable);
    }
    return rights;
}

CodeRanges code_ranges(const ElfImage& image) {
    CodeRanges code;
    for (const ElfSegment& s : image.segments) {
        if (s.execute) code.emplace_back(s.gpa, s.gpa + s.mem_size);
    }
    return code;
}

// All of it, not just what ring 3 can change: a failed call gets everything
// back (RESTORE.md, "vCPU state").
VcpuState capture_vcpu_state(Machine& machine) {
    kvm::Vcpu& vcpu = machine.vcpu();
    VcpuState state;
    state.regs = machine.regs();
    state.sregs = vcpu.sregs();
    state.fpu = vcpu.xsave();
    state.debugregs = vcpu.debugregs();
    state.events = vcpu.events();
    return state;
}

}  // namespace

std::shared_ptr<const Snapshot> Snapshot::create(std::span<const std::byte> elf,
                                                 const ImageConfig& config) {
    std::shared_ptr<Snapshot> snapshot(new Snapshot);
    snapshot->boot(elf, config);
    return snapshot;
}

const Handler* Snapshot::find_handler(std::string_view name) const {
    for (const Handler& h : handlers_.handlers) {
        if (h.name == name) return &h;
    }
    return nullptr;
}

void Snapshot::boot(std::span<const std::byte> elf, const ImageConfig& config) {
    const auto started = Clock::now();
    host_table_ = config.host_table;
    allowed_ = resolve_host_functions(config.host_functions,
                                      host_table_ ? *host_table_ : HostFunctions::builtin());
    const ElfImage image = parse_elf(elf, image_limit(config.limits));
    layout_ = make_layout(config.limits, image.end);
    memfd_ = create_memfd(layout_.memory_size);
    {
        Mapping memory(layout_.memory_size, PROT_READ | PROT_WRITE, MAP_SHARED, memfd_.get());
        const GuestMemory guest(memory.bytes());
        load_elf(image, elf, memory.bytes());
        write_boot_block(guest, layout_);
        const uint16_t idt_limit = x86_64::write_system_tables(guest);
        const auto ranges = page_ranges(image, layout_);
        const uint64_t cr3 = x86_64::build_page_tables(guest, ranges);
        rights_ = user_rights(ranges, layout_.memory_size);

        Machine machine(memory.bytes(), false, rights_);
        kvm_sregs sregs = machine.vcpu().sregs();
        x86_64::setup_long_mode(sregs, cr3, idt_limit, x86_64::GuestCpu::instance().xsave());
        machine.vcpu().set_sregs(sregs);
        machine.vcpu().set_regs(x86_64::entry_registers(image.entry, layout_));

        CallStats stats;
        const Deadline deadline = Clock::now() + config.init_timeout;
        if (auto error =
                machine.run(EMBER_PORT_READY, deadline, layout_, allowed_, stats, init_log_)) {
            if (error->kind == GuestErrorKind::timeout) {
                error->message = "the guest did not report ready within " +
                                 std::to_string(config.init_timeout.count()) + " ms";
            }
            throw InitError(*error);
        }
        // The reply as init left it (the runtime's defaults, or a content
        // type set by ember_init) is every call's starting reply.
        vcpu_ = capture_vcpu_state(machine);
        auto table = parse_handler_table(machine.memory(), rights_, vcpu_.regs.rdi, vcpu_.regs.rsi,
                                         code_ranges(image));
        if (auto* error = std::get_if<GuestError>(&table)) throw InitError(std::move(*error));
        handlers_ = std::move(std::get<HandlerTable>(table));
    }
    // Nothing may change the image any more: every sandbox maps it.
    if (::fcntl(memfd_.get(), F_ADD_SEALS,
                F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
        throw std::system_error(errno, std::generic_category(), "sealing the snapshot memfd");
    }
    view_ = Mapping(layout_.memory_size, PROT_READ, MAP_SHARED, memfd_.get());
    boot_time_ = Clock::now() - started;
}

}  // namespace ember::sandbox
