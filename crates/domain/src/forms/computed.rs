//! Computed fields: sum, difference and ratio of other numeric values, exact where the
//! values are (integers, cents, basis points).
//!
//! An operand is a numeric field, an earlier computed field, a budget total
//! (`project_budget.requested`) or a group column (`public_aid.amount`: the sum of that member
//! over the items, zero without items). A missing operand, an overflow or a division by zero
//! gives no value.

use super::answers::{Answers, Value};
use super::schema::{ComputedDisplay, ComputedOp, Field, FieldId, FieldKind, FormSchema};
use std::collections::BTreeMap;

/// Values of every computed field that can be computed from `answers`, in form order. The
/// answers are taken as they are: to leave hidden fields out, pass
/// [`super::prune_hidden`]'s answers (or use [`super::resolve`], which does both).
pub fn compute(schema: &FormSchema, answers: &Answers) -> BTreeMap<FieldId, Value> {
    let mut out = BTreeMap::new();
    for field in schema.fields() {
        if let Some(v) = compute_field(schema, field, answers, &out) {
            out.insert(field.id.clone(), v);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    Int(i64),
    Dec(f64),
    Cents(i64),
    Pct(i64),
}

impl Num {
    fn of(v: &Value) -> Option<Num> {
        match v {
            Value::Integer(n) => Some(Num::Int(*n)),
            Value::Decimal(x) if x.is_finite() => Some(Num::Dec(*x)),
            Value::Cents(c) => Some(Num::Cents(c.0)),
            Value::Percent(p) => Some(Num::Pct(*p)),
            _ => None,
        }
    }

    fn zero_of(kind: &FieldKind) -> Option<Num> {
        match kind {
            FieldKind::Integer { .. } => Some(Num::Int(0)),
            FieldKind::Decimal { .. } => Some(Num::Dec(0.0)),
            FieldKind::Currency { .. } => Some(Num::Cents(0)),
            FieldKind::Percentage { .. } => Some(Num::Pct(0)),
            _ => None,
        }
    }

    fn as_f64(self) -> f64 {
        match self {
            Num::Int(n) | Num::Cents(n) | Num::Pct(n) => n as f64,
            Num::Dec(x) => x,
        }
    }

    /// `a + sign·b` in a common unit; `None` across units or on overflow.
    fn add(self, other: Num, sign: i64) -> Option<Num> {
        let exact = |a: i64, b: i64| a.checked_add(b.checked_mul(sign)?);
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => exact(a, b).map(Num::Int),
            (Num::Cents(a), Num::Cents(b)) => exact(a, b).map(Num::Cents),
            (Num::Pct(a), Num::Pct(b)) => exact(a, b).map(Num::Pct),
            (Num::Int(_) | Num::Dec(_), Num::Int(_) | Num::Dec(_)) => {
                let x = self.as_f64() + sign as f64 * other.as_f64();
                x.is_finite().then_some(Num::Dec(x))
            }
            _ => None,
        }
    }

    /// `self / other` in basis points, rounded half away from zero.
    fn ratio(self, other: Num) -> Option<i64> {
        match (self, other) {
            (Num::Int(a), Num::Int(b))
            | (Num::Cents(a), Num::Cents(b))
            | (Num::Pct(a), Num::Pct(b)) => {
                if b == 0 {
                    return None;
                }
                i64::try_from(div_round(i128::from(a) * 10_000, i128::from(b))).ok()
            }
            (Num::Int(_) | Num::Dec(_), Num::Int(_) | Num::Dec(_)) => {
                let b = other.as_f64();
                if b == 0.0 {
                    return None;
                }
                let x = (self.as_f64() / b * 10_000.0).round();
                (x.is_finite() && x.abs() < 9.0e18).then_some(x as i64)
            }
            _ => None,
        }
    }
}

fn div_round(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d.abs() {
        q + if (n < 0) == (d < 0) { 1 } else { -1 }
    } else {
        q
    }
}

/// One operand's value, or `None` when it is missing or not numeric.
fn operand(
    schema: &FormSchema,
    id: &FieldId,
    answers: &Answers,
    computed: &BTreeMap<FieldId, Value>,
) -> Option<Num> {
    if let Some(v) = computed.get(id).or_else(|| answers.get(id.as_str())) {
        return Num::of(v);
    }
    let tail = id.tail()?;
    let field = schema.field(id.head())?;
    match &field.kind {
        FieldKind::BudgetTable { requested_line, .. } => match answers.get(id.head())? {
            Value::Budget(b) => b
                .value(tail, requested_line.as_deref())
                .map(|c| Num::Cents(c.0)),
            _ => None,
        },
        FieldKind::Group { fields, .. } => {
            let member = fields.iter().find(|m| m.id.as_str() == tail)?;
            let items: &[Answers] = match answers.get(id.head()) {
                Some(Value::Group(items)) => items,
                None => &[],
                Some(_) => return None,
            };
            let mut total = Num::zero_of(&member.kind)?;
            for v in items.iter().filter_map(|item| item.get(tail)) {
                total = total.add(Num::of(v)?, 1)?;
            }
            Some(total)
        }
        _ => None,
    }
}

/// The value of one computed field (`None` for other kinds, or when it cannot be computed).
pub(crate) fn compute_field(
    schema: &FormSchema,
    field: &Field,
    answers: &Answers,
    computed: &BTreeMap<FieldId, Value>,
) -> Option<Value> {
    let FieldKind::Computed {
        op,
        operands,
        display,
    } = &field.kind
    else {
        return None;
    };
    let nums = operands
        .iter()
        .map(|id| operand(schema, id, answers, computed))
        .collect::<Option<Vec<Num>>>()?;
    let (first, rest) = nums.split_first()?;
    let result = match op {
        ComputedOp::Sum => rest.iter().try_fold(*first, |acc, n| acc.add(*n, 1))?,
        ComputedOp::Difference => {
            if rest.is_empty() {
                return None;
            }
            rest.iter().try_fold(*first, |acc, n| acc.add(*n, -1))?
        }
        ComputedOp::Ratio => match rest {
            [second] => Num::Pct(first.ratio(*second)?),
            _ => return None,
        },
    };
    match (display, result) {
        (ComputedDisplay::Integer, Num::Int(n)) => Some(Value::Integer(n)),
        (ComputedDisplay::Integer, Num::Dec(x)) => {
            let r = x.round();
            (r.abs() < 9.0e18).then_some(Value::Integer(r as i64))
        }
        (ComputedDisplay::Decimal, Num::Int(n)) => Some(Value::Decimal(n as f64)),
        (ComputedDisplay::Decimal, Num::Dec(x)) => Some(Value::Decimal(x)),
        (ComputedDisplay::Currency, Num::Cents(c)) => Some(Value::Cents(crate::money::Cents(c))),
        (ComputedDisplay::Percentage, Num::Pct(p)) => Some(Value::Percent(p)),
        _ => None,
    }
}
