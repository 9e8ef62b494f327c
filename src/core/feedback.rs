//! Feedback sentences for the trainee, in the scenario's language.
//!
//! Short, direct, one point per sentence: what was good, what was missing, what to avoid.

use std::fmt;

use super::lexicon::NegativeKind;
use super::scenario::{EmpathyMove, Locale, Outcome, ResolutionMove};

/// Build only the sentence for the scenario's language.
fn pick(locale: Locale, en: impl FnOnce() -> String, id: impl FnOnce() -> String) -> String {
    match locale {
        Locale::En => en(),
        Locale::Id => id(),
    }
}

/// What to tell the trainee about one reply, kept as data: the sentence is written in
/// the reply's language only when someone reads it, so scoring a batch of replies builds
/// no sentence that is never printed. A `usize` is the index of the evidence item whose
/// quote the sentence repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Advice {
    EmpathyFound(EmpathyMove),
    EmpathyMissing(EmpathyMove),
    ResolutionFound(ResolutionMove),
    ResolutionMissing(ResolutionMove),
    StepFound {
        label: String,
    },
    StepMissing {
        label: String,
    },
    PhraseMissing {
        example: String,
    },
    FactRight {
        label: String,
        value: String,
    },
    FactWrong {
        label: String,
        value: String,
        quote: usize,
    },
    FactMissing {
        label: String,
        value: String,
    },
    FactUnverified {
        label: String,
        said: String,
        value: String,
    },
    Negated(usize),
    Hedged(usize),
    Negative(NegativeKind, usize),
    Forbidden {
        reason: String,
        quote: usize,
    },
    NoEmpathy,
    NoResolution,
    TooLong {
        words: usize,
    },
    Shouting,
    Copied,
    EmpathyOnly,
}

impl Advice {
    /// Write the sentence in language `l`; `quote(i)` is the reply's words that evidence
    /// item `i` rests on.
    pub fn write<'q>(
        &self,
        out: &mut dyn fmt::Write,
        l: Locale,
        quote: &dyn Fn(usize) -> &'q str,
    ) -> fmt::Result {
        let en = l == Locale::En;
        match self {
            Advice::EmpathyFound(m) => out.write_str(empathy_found(l, *m)),
            Advice::EmpathyMissing(m) => out.write_str(empathy_missing(l, *m)),
            Advice::ResolutionFound(m) => out.write_str(resolution_found(l, *m)),
            Advice::ResolutionMissing(m) => out.write_str(resolution_missing(l, *m)),
            Advice::StepFound { label } if en => write!(out, "Done: {label}."),
            Advice::StepFound { label } => write!(out, "Sudah: {label}."),
            Advice::StepMissing { label } if en => write!(out, "Missing step: {label}."),
            Advice::StepMissing { label } => write!(out, "Langkah yang terlewat: {label}."),
            Advice::PhraseMissing { example } if en => {
                write!(out, "This moment calls for words such as \"{example}\".")
            }
            Advice::PhraseMissing { example } => {
                write!(out, "Saat ini perlu kata-kata seperti \"{example}\".")
            }
            Advice::FactRight { label, value } if en => {
                write!(out, "Correct: {label} is {value}.")
            }
            Advice::FactRight { label, value } => write!(out, "Tepat: {label} adalah {value}."),
            Advice::FactWrong {
                label,
                value,
                quote: q,
            } => {
                let said = quote(*q);
                if en {
                    write!(
                        out,
                        "Wrong fact: you said \"{said}\" for {label}; it is {value}."
                    )
                } else {
                    write!(
                        out,
                        "Informasi keliru: Anda menyebut \"{said}\" untuk {label}; yang benar {value}."
                    )
                }
            }
            Advice::FactMissing { label, value } if en => write!(out, "State {label}: {value}."),
            Advice::FactMissing { label, value } => write!(out, "Sebutkan {label}: {value}."),
            Advice::FactUnverified { label, said, value } if en => {
                write!(out, "You mentioned {said}, but {label} is {value}.")
            }
            Advice::FactUnverified { label, said, value } => {
                write!(out, "Anda menyebut {said}, padahal {label} adalah {value}.")
            }
            Advice::Negated(q) => quoted(
                out,
                quote(*q),
                either(
                    l,
                    (
                        "is negated here, so it does not count.",
                        "di sini disangkal, jadi tidak dihitung.",
                    ),
                ),
            ),
            Advice::Hedged(q) => quoted(
                out,
                quote(*q),
                either(
                    l,
                    (
                        "is hedged, so it is not a commitment: say what you will do.",
                        "masih ragu-ragu, jadi belum komitmen: katakan apa yang akan Anda lakukan.",
                    ),
                ),
            ),
            Advice::Negative(kind, q) => negative(out, l, *kind, quote(*q)),
            Advice::Forbidden { reason, quote: q } => write!(out, "{reason} (\"{}\").", quote(*q)),
            Advice::NoEmpathy => out.write_str(if en {
                "No empathy shown: acknowledge, apologise or show understanding."
            } else {
                "Belum ada empati: akui perasaan, minta maaf, atau tunjukkan pengertian."
            }),
            Advice::NoResolution => out.write_str(if en {
                "No way forward: say what you will do and when."
            } else {
                "Belum ada solusi: katakan apa yang akan Anda lakukan dan kapan."
            }),
            Advice::TooLong { words } if en => write!(
                out,
                "At {words} words the answer gets buried; keep replies short and specific."
            ),
            Advice::TooLong { words } => write!(
                out,
                "Dengan {words} kata, jawabannya tenggelam; buat balasan singkat dan spesifik."
            ),
            Advice::Shouting => out.write_str(if en {
                "Writing in capitals reads as shouting."
            } else {
                "Tulisan huruf kapital semua terbaca seperti berteriak."
            }),
            Advice::Copied => out.write_str(if en {
                "Most of this reply repeats the customer's own words; answer in yours."
            } else {
                "Sebagian besar balasan mengulang kata-kata pelanggan; jawab dengan kata-kata Anda sendiri."
            }),
            Advice::EmpathyOnly => out.write_str(if en {
                "Empathy words alone do not help; address the customer's problem too."
            } else {
                "Kata-kata empati saja tidak cukup; tanggapi juga masalah pelanggan."
            }),
        }
    }
}

/// The reply's words in quotes, then what is wrong with them.
fn quoted(out: &mut dyn fmt::Write, quote: &str, verdict: &str) -> fmt::Result {
    write!(out, "\"{quote}\" {verdict}")
}

fn either(l: Locale, (en, id): (&'static str, &'static str)) -> &'static str {
    match l {
        Locale::En => en,
        Locale::Id => id,
    }
}

fn empathy_found(l: Locale, m: EmpathyMove) -> &'static str {
    either(
        l,
        match m {
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
        },
    )
}

fn empathy_missing(l: Locale, m: EmpathyMove) -> &'static str {
    either(
        l,
        match m {
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
        },
    )
}

fn resolution_found(l: Locale, m: ResolutionMove) -> &'static str {
    either(
        l,
        match m {
            ResolutionMove::Ownership => ("You took ownership.", "Anda mengambil tanggung jawab."),
            ResolutionMove::NextStep => (
                "You named a concrete next step.",
                "Anda menyebutkan langkah berikutnya yang jelas.",
            ),
            ResolutionMove::TimeFrame => {
                ("You gave a time frame.", "Anda memberi perkiraan waktu.")
            }
            ResolutionMove::Confirm => (
                "You confirmed the outcome with the customer.",
                "Anda mengonfirmasi hasilnya kepada pelanggan.",
            ),
            ResolutionMove::AnythingElse => (
                "You checked whether anything else was needed.",
                "Anda menanyakan apakah ada hal lain yang bisa dibantu.",
            ),
        },
    )
}

fn resolution_missing(l: Locale, m: ResolutionMove) -> &'static str {
    either(
        l,
        match m {
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
        },
    )
}

fn negative(out: &mut dyn fmt::Write, l: Locale, kind: NegativeKind, quote: &str) -> fmt::Result {
    let en = l == Locale::En;
    match kind {
        NegativeKind::Blame if en => write!(out, "Do not blame the customer (\"{quote}\")."),
        NegativeKind::Blame => write!(out, "Jangan menyalahkan pelanggan (\"{quote}\")."),
        NegativeKind::Dismissal if en => {
            write!(out, "\"{quote}\" dismisses the customer's concern.")
        }
        NegativeKind::Dismissal => write!(out, "\"{quote}\" mengabaikan keluhan pelanggan."),
        NegativeKind::Sarcasm if en => write!(out, "\"{quote}\" reads as sarcasm."),
        NegativeKind::Sarcasm => write!(out, "\"{quote}\" terdengar menyindir."),
        NegativeKind::Rude if en => {
            write!(out, "\"{quote}\" is rude; never use it with a customer.")
        }
        NegativeKind::Rude => write!(
            out,
            "\"{quote}\" tidak sopan; jangan pernah dipakai kepada pelanggan."
        ),
    }
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
