//! The bounds on templates and expressions, checked before the template engine sees them: a
//! template's length, and per `{{ … }}` / `{% … %}` block how many terms it chains and how deeply it
//! nests brackets. The parser and compiler recurse over those, so an expression of twenty thousand
//! `not`s or a list nested ten thousand deep would overflow the stack — here it is refused, with the
//! limit named, by a scan that does not recurse.

use crate::error::EvalError;

/// The longest template or expression accepted (64 KiB): far beyond any real field.
pub const MAX_TEMPLATE_BYTES: usize = 64 * 1024;
/// The most terms (operators, attribute and index steps, filters) one block may chain.
pub const MAX_TERMS: usize = 1_000;
/// The deepest one block may nest brackets and unary operators.
pub const MAX_NESTING: usize = 64;

/// Checks a template's length and each of its blocks' chains and nesting.
pub fn check_template_shape(text: &str) -> Result<(), EvalError> {
    check_length(text)?;
    let mut rest = text;
    while let Some(start) = rest.find("{{").into_iter().chain(rest.find("{%")).min() {
        let close = if rest[start..].starts_with("{{") { "}}" } else { "%}" };
        let body = &rest[start + 2..];
        let end = body.find(close).unwrap_or(body.len());
        check_block(&body[..end])?;
        rest = &body[(end + close.len()).min(body.len())..];
    }
    Ok(())
}

/// Checks a bare expression's length, chain and nesting.
pub fn check_expression_shape(expr: &str) -> Result<(), EvalError> {
    check_length(expr)?;
    check_block(expr)
}

fn check_length(text: &str) -> Result<(), EvalError> {
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(EvalError::TooLarge { what: "the template", limit: MAX_TEMPLATE_BYTES });
    }
    Ok(())
}

/// Counts the terms of one block and its bracket nesting (unary `not` and `-` count as a level),
/// skipping string literals.
fn check_block(block: &str) -> Result<(), EvalError> {
    let bytes = block.as_bytes();
    let (mut terms, mut depth, mut unary) = (0usize, 0usize, 0usize);
    let mut i = 0;
    let mut previous_was_operand = false;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\'' | b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != c {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                previous_was_operand = true;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                previous_was_operand = false;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                unary = 0;
                previous_was_operand = true;
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'~' | b'|' | b'.' | b'<' | b'>' | b'=' | b'!' | b',' => {
                terms += 1;
                if c == b'-' && !previous_was_operand {
                    unary += 1;
                }
                previous_was_operand = false;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i + 1 < bytes.len() && (bytes[i + 1].is_ascii_alphanumeric() || bytes[i + 1] == b'_') {
                    i += 1;
                }
                match &block[start..=i] {
                    "not" => {
                        terms += 1;
                        unary += 1;
                        previous_was_operand = false;
                    }
                    "and" | "or" | "in" | "is" | "if" | "else" => {
                        terms += 1;
                        unary = 0;
                        previous_was_operand = false;
                    }
                    _ => {
                        unary = 0;
                        previous_was_operand = true;
                    }
                }
            }
            c if c.is_ascii_digit() => previous_was_operand = true,
            _ => {}
        }
        if depth + unary > MAX_NESTING {
            return Err(EvalError::TooDeep { what: "the expression", limit: MAX_NESTING });
        }
        if terms > MAX_TERMS {
            return Err(EvalError::NotAllowed(format!(
                "the expression is too long: more than {MAX_TERMS} terms in one {{{{ … }}}}; split it across nodes"
            )));
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_expressions_pass_and_monsters_do_not() {
        for ok in [
            "input.score >= vars.threshold and not input.optOut",
            "{{ nodes['lead-1'].output.text|upper }}",
            "(1 + 2) * -3",
        ] {
            assert!(check_expression_shape(ok).is_ok(), "{ok}");
            assert!(check_template_shape(ok).is_ok(), "{ok}");
        }
        let nots = "not ".repeat(100);
        assert!(matches!(check_expression_shape(&nots), Err(EvalError::TooDeep { .. })));
        let sums = "1 + ".repeat(2_000);
        assert!(check_expression_shape(&sums).unwrap_err().to_string().contains("too long"));
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        assert!(matches!(check_template_shape(&format!("{{{{ {deep} }}}}")), Err(EvalError::TooDeep { .. })));
        assert!(check_template_shape(&"x".repeat(MAX_TEMPLATE_BYTES + 1)).is_err());
        // Text outside the blocks is not an expression.
        assert!(check_template_shape(&format!("{}{{{{ input.a }}}}", "((((".repeat(100))).is_ok());
    }
}
