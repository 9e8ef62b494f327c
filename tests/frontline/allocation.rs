//! Scoring a stream of replies into one reused result allocates nothing once warm: the
//! performance claim in the README, checked by counting this thread's allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use frontline::core::scenario::Locale;
use frontline::core::scoring::{ReplyContext, score_reply, score_reply_into};

/// The system allocator, counting the allocations made on each thread (tests run in
/// parallel; each counts only its own).
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is a
// thread-local `Cell` with a const initialiser, so touching it never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above, for `dealloc`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: as above, for `realloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

#[test]
fn a_warm_stream_of_lexicon_replies_allocates_nothing() {
    let replies = [
        (
            Locale::En,
            "I'm so sorry for the trouble. I will send a replacement today.",
        ),
        (
            Locale::En,
            "I've sent the confirmation; you'll get Rp 450.000 back within 3 working days.",
        ),
        (
            Locale::En,
            "calm down, that's not my problem, I can't refund it",
        ),
        (
            Locale::En,
            "Thanks for waiting! Is there anything else I can help with?",
        ),
        (Locale::En, "I'LL TRY TO HELP, MAYBE TOMORROW AT 14:30"),
        (
            Locale::Id,
            "Mohon maaf Kak, saya akan proses refund hari ini ya.",
        ),
        (
            Locale::Id,
            "Gak bisa diproses, dananya dikembalikan dalam 2 minggu.",
        ),
        (
            Locale::Id,
            "Terima kasih, Bapak. Pengembalian dana 150rb sudah kami kirim pukul 09.00 WIB.",
        ),
    ];
    let ctx = ReplyContext::default();
    let mut out = score_reply(Locale::En, None, "", &ctx);
    // The first pass grows the buffers and fills the stemmer's cache.
    for (locale, reply) in replies {
        score_reply_into(&mut out, locale, None, reply, &ctx);
    }
    let before = allocations();
    for _ in 0..3 {
        for (locale, reply) in replies {
            score_reply_into(&mut out, locale, None, reply, &ctx);
            assert!(out.empathy.is_some() && out.resolution.is_some());
        }
    }
    assert_eq!(
        allocations() - before,
        0,
        "allocations while scoring warm replies"
    );
}

#[test]
fn the_counter_sees_allocations() {
    let before = allocations();
    let v: Vec<u64> = std::hint::black_box((0..100).collect());
    assert!(allocations() > before, "{}", v.len());
}
