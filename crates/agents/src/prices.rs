//! What models cost. A shipped table of list prices (USD per million tokens, kept as integer
//! micro-dollars) that Settings can override per organization; models on a local server (Ollama,
//! LM Studio) cost nothing. A model is matched by the longest known name it starts with, so dated
//! variants (`claude-sonnet-4-5-20250929`) find their family, and OpenRouter's `vendor/model` names
//! find the vendor's price.

use serde::{Deserialize, Serialize};

/// A model's price in micro-dollars per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    pub input_per_mtok: i64,
    pub output_per_mtok: i64,
}

impl Price {
    pub const FREE: Self = Self { input_per_mtok: 0, output_per_mtok: 0 };

    /// The exact cost of a call in micro-dollars, rounded half up once for the whole call.
    pub fn cost(&self, input_tokens: i64, output_tokens: i64) -> i64 {
        let pico = i128::from(input_tokens) * i128::from(self.input_per_mtok)
            + i128::from(output_tokens) * i128::from(self.output_per_mtok);
        ((pico + 500_000) / 1_000_000) as i64
    }
}

const fn usd(input_cents_per_mtok: i64, output_cents_per_mtok: i64) -> Price {
    // Written in hundredths of a cent per million tokens so that every list price is exact.
    Price { input_per_mtok: input_cents_per_mtok * 100, output_per_mtok: output_cents_per_mtok * 100 }
}

/// List prices, USD per million tokens (input, output), as published in 2026. Each value is in
/// hundredths of a cent: `usd(25_000, …)` is $2.50.
pub const SHIPPED: &[(&str, &str, Price)] = &[
    ("openai", "gpt-5", usd(12_500, 100_000)),
    ("openai", "gpt-5-mini", usd(2_500, 20_000)),
    ("openai", "gpt-5-nano", usd(500, 4_000)),
    ("openai", "gpt-4.1", usd(20_000, 80_000)),
    ("openai", "gpt-4.1-mini", usd(4_000, 16_000)),
    ("openai", "gpt-4.1-nano", usd(1_000, 4_000)),
    ("openai", "gpt-4o", usd(25_000, 100_000)),
    ("openai", "gpt-4o-mini", usd(1_500, 6_000)),
    ("openai", "o3", usd(20_000, 80_000)),
    ("openai", "o4-mini", usd(11_000, 44_000)),
    ("anthropic", "claude-opus-4", usd(150_000, 750_000)),
    ("anthropic", "claude-sonnet-4", usd(30_000, 150_000)),
    ("anthropic", "claude-3-7-sonnet", usd(30_000, 150_000)),
    ("anthropic", "claude-haiku-4-5", usd(10_000, 50_000)),
    ("anthropic", "claude-3-5-haiku", usd(8_000, 40_000)),
    ("gemini", "gemini-2.5-pro", usd(12_500, 100_000)),
    ("gemini", "gemini-2.5-flash", usd(3_000, 25_000)),
    ("gemini", "gemini-2.5-flash-lite", usd(1_000, 4_000)),
    ("gemini", "gemini-2.0-flash", usd(1_000, 4_000)),
    ("groq", "llama-3.3-70b-versatile", usd(5_900, 7_900)),
    ("groq", "llama-3.1-8b-instant", usd(500, 800)),
];

/// Providers whose models run on this machine.
pub const LOCAL_PROVIDERS: &[&str] = &["ollama", "lmstudio"];

/// The price of `model` at `provider`: an override first, then the shipped table; `None` when
/// nothing is known (the cost is then recorded as zero, and Settings shows the model as unpriced).
pub fn lookup(overrides: &[(String, String, Price)], provider: &str, model: &str) -> Option<Price> {
    if let Some((_, _, p)) = overrides.iter().find(|(pr, m, _)| pr == provider && m == model) {
        return Some(*p);
    }
    if LOCAL_PROVIDERS.contains(&provider) {
        return Some(Price::FREE);
    }
    let bare = model.rsplit('/').next().unwrap_or(model);
    let vendor = model.split_once('/').map(|(v, _)| match v {
        "google" => "gemini",
        "meta-llama" => "groq",
        other => other,
    });
    let candidates = overrides
        .iter()
        .map(|(p, m, price)| (p.as_str(), m.as_str(), *price))
        .chain(SHIPPED.iter().map(|(p, m, price)| (*p, *m, *price)));
    candidates
        .filter(|(p, m, _)| (*p == provider || Some(*p) == vendor) && bare.starts_with(m))
        .max_by_key(|(_, m, _)| m.len())
        .map(|(_, _, price)| price)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_are_exact_micro_dollars() {
        let mini = lookup(&[], "openai", "gpt-4o-mini-2024-07-18").unwrap();
        assert_eq!(mini, Price { input_per_mtok: 150_000, output_per_mtok: 600_000 });
        // 1,000 in and 500 out at $0.15 / $0.60 per million: $0.00045 = 450 micro-dollars.
        assert_eq!(mini.cost(1_000, 500), 450);
        assert_eq!(mini.cost(3, 1), 1, "1.05 micro-dollars round to 1");
        assert_eq!(lookup(&[], "openai", "gpt-4o").unwrap().input_per_mtok, 2_500_000, "the longest name wins");
        assert_eq!(lookup(&[], "anthropic", "claude-sonnet-4-5-20250929").unwrap().output_per_mtok, 15_000_000);
        assert_eq!(lookup(&[], "openrouter", "openai/gpt-4o-mini"), Some(mini));
        assert_eq!(lookup(&[], "ollama", "llama3.2"), Some(Price::FREE));
        assert_eq!(lookup(&[], "openai", "my-fine-tune"), None);
        let custom =
            vec![("openai".to_string(), "my-fine-tune".to_string(), Price { input_per_mtok: 1, output_per_mtok: 2 })];
        assert_eq!(lookup(&custom, "openai", "my-fine-tune").unwrap().output_per_mtok, 2);
    }
}
