// Checks a form's values before anything is sent: each rule names the field and says what is
// wrong, so the operator fixes everything in one go. Failures from the API are shown the same way.

export const rules = {
  id: (name, value) => (/^[a-z0-9][a-z0-9_-]{0,62}$/.test(value) ? null
    : name + ' must be 1-63 characters of a-z, 0-9, - or _, starting with a letter or digit'),
  optionalCount: (name, value) => (value === '' || /^[0-9]+$/.test(value) ? null : name + ' must be a whole number ≥ 0'),
  optionalUsd: (name, value) => (value === '' || (/^[0-9]+(\.[0-9]+)?$/.test(value)) ? null
    : name + ' must be an amount in USD ≥ 0, e.g. 2.50'),
  optionalFuture: (name, value) => (value === '' || Date.parse(value + 'Z') > Date.now() ? null
    : name + ' must be in the future'),
  optionalModels: (name, value) => (value === '' || /^[A-Za-z0-9._:\/-]+(\s*,\s*[A-Za-z0-9._:\/-]+)*$/.test(value) ? null
    : name + ' must be model aliases separated by commas'),
};

/** @param checks [[rule, label, value], ...] → the problems, empty when all pass */
export function validate(checks) {
  return checks.map(([rule, label, value]) => rule(label, value)).filter(Boolean);
}

/** Shows problems (or an API error's message) in a message element; returns true when there were any. */
export function showProblems(node, problems) {
  node.textContent = problems.join('; ');
  return problems.length > 0;
}

export const count = (value) => (value === '' ? undefined : Number(value));
