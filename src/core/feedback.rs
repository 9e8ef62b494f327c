//! Feedback sentences for the trainee, in the scenario's language.
//!
//! Short, direct, one point per sentence: what was good, what was missing, what to avoid.

use super::lexicon::NegativeKind;
use super::scenario::{EmpathyMove, Locale, Outcome, ResolutionMove};

/// Build only the sentence for the scenario's language.
fn pick(locale: Locale, en: impl FnOnce() -> String, id: impl FnOnce() -> String) -> String {
    match locale {
        Locale::En => en(),
        Locale::Id => id(),
    }
}

pub fn empathy_found(l: Locale, m: EmpathyMove) -> String {
    let (en, id) = match m {
        EmpathyMove::Acknowledge => (
            "You acknowledged how the customer feels.",
            "Anda mengakui perasaan pelanggan.",
        ),
        EmpathyMove::Apologise => ("You apologised.", "Anda sudah meminta maaf."),
        EmpathyMove::Understand => (
            "You showed that you understand.",
            "Anda menunjukkan pengertian.",
        ),
        EmpathyMove::Thank => (
            "You thanked the customer.",
            "Anda berterima kasih kepada pelanggan.",
        ),
        EmpathyMove::Personalise => (
            "You addressed the customer personally.",
            "Anda menyapa pelanggan secara pribadi.",
        ),
        EmpathyMove::Explore => (
            "You asked a question to understand the situation.",
            "Anda bertanya untuk memahami situasinya.",
        ),
        EmpathyMove::Reassure => (
            "You reassured the customer.",
            "Anda menenangkan dan meyakinkan pelanggan.",
        ),
    };
    pick(l, || en.into(), || id.into())
}

pub fn empathy_missing(l: Locale, m: EmpathyMove) -> String {
    let (en, id) = match m {
        EmpathyMove::Acknowledge => (
            "Acknowledge how the customer feels.",
            "Akui perasaan pelanggan.",
        ),
        EmpathyMove::Apologise => (
            "Apologise for the trouble.",
            "Sampaikan permintaan maaf atas ketidaknyamanannya.",
        ),
        EmpathyMove::Understand => (
            "Show that you understand the situation.",
            "Tunjukkan bahwa Anda memahami situasinya.",
        ),
        EmpathyMove::Thank => (
            "Thank the customer.",
            "Ucapkan terima kasih kepada pelanggan.",
        ),
        EmpathyMove::Personalise => (
            "Address the customer by name.",
            "Sapa pelanggan dengan namanya atau Bapak/Ibu/Kak.",
        ),
        EmpathyMove::Explore => (
            "Ask a question to understand the problem.",
            "Ajukan pertanyaan untuk memahami masalahnya.",
        ),
        EmpathyMove::Reassure => (
            "Reassure the customer that they are in good hands.",
            "Yakinkan pelanggan bahwa masalahnya akan ditangani.",
        ),
    };
    pick(l, || en.into(), || id.into())
}

pub fn resolution_found(l: Locale, m: ResolutionMove) -> String {
    let (en, id) = match m {
        ResolutionMove::Ownership => ("You took ownership.", "Anda mengambil tanggung jawab."),
        ResolutionMove::NextStep => (
            "You named a concrete next step.",
            "Anda menyebutkan langkah berikutnya yang jelas.",
        ),
        ResolutionMove::TimeFrame => ("You gave a time frame.", "Anda memberi perkiraan waktu."),
        ResolutionMove::Confirm => (
            "You confirmed the outcome with the customer.",
            "Anda mengonfirmasi hasilnya kepada pelanggan.",
        ),
        ResolutionMove::AnythingElse => (
            "You checked whether anything else was needed.",
            "Anda menanyakan apakah ada hal lain yang bisa dibantu.",
        ),
    };
    pick(l, || en.into(), || id.into())
}

pub fn resolution_missing(l: Locale, m: ResolutionMove) -> String {
    let (en, id) = match m {
        ResolutionMove::Ownership => (
            "Take ownership: say what you will do.",
            "Ambil tanggung jawab: katakan apa yang akan Anda lakukan.",
        ),
        ResolutionMove::NextStep => (
            "Name a concrete next step.",
            "Sebutkan langkah berikutnya yang jelas.",
        ),
        ResolutionMove::TimeFrame => (
            "Say when it will happen.",
            "Sebutkan kapan hal itu akan terjadi.",
        ),
        ResolutionMove::Confirm => (
            "Confirm the outcome with the customer.",
            "Konfirmasikan hasilnya kepada pelanggan.",
        ),
        ResolutionMove::AnythingElse => (
            "Ask whether there is anything else.",
            "Tanyakan apakah ada hal lain yang bisa dibantu.",
        ),
    };
    pick(l, || en.into(), || id.into())
}

pub fn step_found(l: Locale, label: &str) -> String {
    pick(
        l,
        || format!("Done: {label}."),
        || format!("Sudah: {label}."),
    )
}

pub fn step_missing(l: Locale, label: &str) -> String {
    pick(
        l,
        || format!("Missing step: {label}."),
        || format!("Langkah yang terlewat: {label}."),
    )
}

pub fn phrase_missing(l: Locale, example: &str) -> String {
    pick(
        l,
        || format!("This moment calls for words such as \"{example}\"."),
        || format!("Saat ini perlu kata-kata seperti \"{example}\"."),
    )
}

pub fn fact_right(l: Locale, label: &str, value: &str) -> String {
    pick(
        l,
        || format!("Correct: {label} is {value}."),
        || format!("Tepat: {label} adalah {value}."),
    )
}

pub fn fact_wrong(l: Locale, label: &str, said: &str, value: &str) -> String {
    pick(
        l,
        || format!("Wrong fact: you said \"{said}\" for {label}; it is {value}."),
        || format!("Informasi keliru: Anda menyebut \"{said}\" untuk {label}; yang benar {value}."),
    )
}

pub fn fact_missing(l: Locale, label: &str, value: &str) -> String {
    pick(
        l,
        || format!("State {label}: {value}."),
        || format!("Sebutkan {label}: {value}."),
    )
}

pub fn fact_unverified(l: Locale, label: &str, said: &str, value: &str) -> String {
    pick(
        l,
        || format!("You mentioned {said}, but {label} is {value}."),
        || format!("Anda menyebut {said}, padahal {label} adalah {value}."),
    )
}

pub fn negated(l: Locale, quote: &str) -> String {
    pick(
        l,
        || format!("\"{quote}\" is negated here, so it does not count."),
        || format!("\"{quote}\" di sini disangkal, jadi tidak dihitung."),
    )
}

pub fn hedged(l: Locale, quote: &str) -> String {
    pick(
        l,
        || format!("\"{quote}\" is hedged, so it is not a commitment: say what you will do."),
        || {
            format!(
                "\"{quote}\" masih ragu-ragu, jadi belum komitmen: katakan apa yang akan Anda lakukan."
            )
        },
    )
}

pub fn negative(l: Locale, kind: NegativeKind, quote: &str) -> String {
    match kind {
        NegativeKind::Blame => pick(
            l,
            || format!("Do not blame the customer (\"{quote}\")."),
            || format!("Jangan menyalahkan pelanggan (\"{quote}\")."),
        ),
        NegativeKind::Dismissal => pick(
            l,
            || format!("\"{quote}\" dismisses the customer's concern."),
            || format!("\"{quote}\" mengabaikan keluhan pelanggan."),
        ),
        NegativeKind::Sarcasm => pick(
            l,
            || format!("\"{quote}\" reads as sarcasm."),
            || format!("\"{quote}\" terdengar menyindir."),
        ),
        NegativeKind::Rude => pick(
            l,
            || format!("\"{quote}\" is rude; never use it with a customer."),
            || format!("\"{quote}\" tidak sopan; jangan pernah dipakai kepada pelanggan."),
        ),
    }
}

pub fn forbidden(l: Locale, reason: &str, quote: &str) -> String {
    pick(
        l,
        || format!("{reason} (\"{quote}\")."),
        || format!("{reason} (\"{quote}\")."),
    )
}

pub fn no_empathy(l: Locale) -> String {
    pick(
        l,
        || "No empathy shown: acknowledge, apologise or show understanding.".into(),
        || "Belum ada empati: akui perasaan, minta maaf, atau tunjukkan pengertian.".into(),
    )
}

pub fn no_resolution(l: Locale) -> String {
    pick(
        l,
        || "No way forward: say what you will do and when.".into(),
        || "Belum ada solusi: katakan apa yang akan Anda lakukan dan kapan.".into(),
    )
}

pub fn too_long(l: Locale, words: usize) -> String {
    pick(
        l,
        || format!("At {words} words the answer gets buried; keep replies short and specific."),
        || format!("Dengan {words} kata, jawabannya tenggelam; buat balasan singkat dan spesifik."),
    )
}

pub fn shouting(l: Locale) -> String {
    pick(
        l,
        || "Writing in capitals reads as shouting.".into(),
        || "Tulisan huruf kapital semua terbaca seperti berteriak.".into(),
    )
}

pub fn copied(l: Locale) -> String {
    pick(
        l,
        || "Most of this reply repeats the customer's own words; answer in yours.".into(),
        || {
            "Sebagian besar balasan mengulang kata-kata pelanggan; jawab dengan kata-kata Anda sendiri.".into()
        },
    )
}

pub fn empathy_only(l: Locale) -> String {
    pick(
        l,
        || "Empathy words alone do not help; address the customer's problem too.".into(),
        || "Kata-kata empati saja tidak cukup; tanggapi juga masalah pelanggan.".into(),
    )
}

pub fn timed_out(l: Locale) -> String {
    pick(
        l,
        || "Hello? Are you still there?".into(),
        || "Halo? Masih di sana?".into(),
    )
}

pub fn customer_left(l: Locale) -> String {
    pick(
        l,
        || "The customer has run out of patience and leaves.".into(),
        || "Pelanggan kehabisan kesabaran dan pergi.".into(),
    )
}

pub fn outcome(l: Locale, o: Outcome) -> String {
    let (en, id) = match o {
        Outcome::Resolved => ("resolved", "terselesaikan"),
        Outcome::PartiallyResolved => ("partly resolved", "sebagian terselesaikan"),
        Outcome::EscalatedCorrectly => ("escalated correctly", "dieskalasi dengan tepat"),
        Outcome::EscalatedNeedlessly => ("escalated needlessly", "dieskalasi tanpa perlu"),
        Outcome::CustomerLeft => ("customer left", "pelanggan pergi"),
        Outcome::Unresolved => ("unresolved", "tidak terselesaikan"),
    };
    pick(l, || en.into(), || id.into())
}
