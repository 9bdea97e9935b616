// The facet panel: multi-select checkboxes with counts, a filter box for long lists, and the
// regions as a tree (country › oblast). Counts come from the API, which computes each facet's
// counts without that facet's own filter, so every value stays selectable.

import { h, clear, formatNumber, learnLabel, labelFor, languageLabel } from './dom.js';

export const FACETS = [
  { key: 'party', api: 'party', title: 'Parties', noun: 'parties' },
  { key: 'region', api: 'region', title: 'Regions', noun: 'regions', tree: true },
  { key: 'agreement', api: 'agreement', title: 'Agreements', noun: 'agreements' },
  { key: 'type', api: 'type', title: 'Document type', noun: 'types' },
  { key: 'lang', api: 'language', title: 'Language', noun: 'languages' },
];

const SHOWN = 8; // values shown before "Show all"

function normalise(text) {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export class FacetPanel {
  /**
   * @param {HTMLElement} root
   * @param {(key: string, id: string, checked: boolean) => void} onToggle
   */
  constructor(root, onToggle) {
    this.root = root;
    this.onToggle = onToggle;
    this.sections = new Map();
    this.collapsedGroups = new Set();
    clear(root);
    for (const facet of FACETS) this.sections.set(facet.key, this.build(facet));
  }

  build(facet) {
    const legendId = `facet-${facet.key}-legend`;
    const filter = h('input', {
      type: 'search', class: 'facet-filter', autocomplete: 'off', spellcheck: 'false',
      placeholder: `Filter ${facet.noun}…`, 'aria-label': `Filter ${facet.noun}`, hidden: true,
    });
    const list = h('div', { class: 'facet-values' });
    const more = h('button', { type: 'button', class: 'link-button facet-more', hidden: true, 'aria-expanded': 'false' });
    const fieldset = h('fieldset', { class: 'facet', dataset: { facet: facet.key } },
      h('legend', { id: legendId }, facet.title),
      filter, list, more);
    this.root.appendChild(fieldset);
    const section = { facet, fieldset, filter, list, more, expanded: false, values: [], state: null, approximate: false };
    filter.addEventListener('input', () => this.renderList(section));
    filter.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && filter.value) {
        event.preventDefault();
        event.stopPropagation();
        filter.value = '';
        this.renderList(section);
      }
    });
    more.addEventListener('click', () => {
      section.expanded = !section.expanded;
      this.renderList(section);
    });
    list.addEventListener('change', (event) => {
      const input = event.target;
      if (input instanceof HTMLInputElement && input.type === 'checkbox') {
        this.onToggle(input.dataset.key, input.dataset.id, input.checked);
      }
    });
    list.addEventListener('click', (event) => {
      const twisty = event.target.closest('button.twisty');
      if (!twisty) return;
      const group = twisty.dataset.group;
      if (this.collapsedGroups.has(group)) this.collapsedGroups.delete(group);
      else this.collapsedGroups.add(group);
      this.renderList(section);
      section.list.querySelector(`button.twisty[data-group="${CSS.escape(group)}"]`)?.focus();
    });
    return section;
  }

  /** Shows the facets of a search answer for the given state. */
  update(facets, state) {
    const approximate = Boolean(facets?.approximate);
    for (const facet of FACETS) {
      const section = this.sections.get(facet.key);
      const raw = Array.isArray(facets?.[facet.api]) ? facets[facet.api] : [];
      const values = raw.map((v) => ({
        id: String(v.id),
        label: facet.key === 'lang' ? languageLabel(String(v.id)) : String(v.label ?? v.id),
        count: Number(v.count) || 0,
        parent: v.parent ? String(v.parent) : '',
        parentLabel: v.parent_label ? String(v.parent_label) : '',
      }));
      for (const v of values) learnLabel(facet.key, v.id, v.label);
      // A selected value the answer does not list (should not happen) still shows, with 0.
      for (const id of state[facet.key]) {
        if (!values.some((v) => v.id === id)) {
          values.push({ id, label: labelFor(facet.key, id), count: 0, parent: '', parentLabel: '' });
        }
      }
      section.values = values;
      section.state = state;
      section.approximate = approximate;
      this.renderList(section);
    }
  }

  /** Disables nothing but marks the panel busy while a search runs. */
  setBusy(busy) {
    this.root.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  renderList(section) {
    const { facet, values, state, filter, list, more } = section;
    if (!state) return;
    const selected = new Set(state[facet.key]);
    const focused = document.activeElement;
    const focusKey = focused instanceof HTMLInputElement && list.contains(focused) ? focused.dataset.id : null;

    filter.hidden = values.length <= SHOWN && !filter.value;
    const needle = normalise(filter.value.trim());
    let visible = values;
    if (needle) {
      visible = values.filter((v) => normalise(v.label).includes(needle) || normalise(v.id).includes(needle) ||
        (v.parentLabel && normalise(v.parentLabel).includes(needle)));
    } else if (!section.expanded && values.length > SHOWN) {
      visible = values.filter((v, i) => i < SHOWN || selected.has(v.id));
    }

    clear(list);
    if (values.length === 0) {
      list.appendChild(h('p', { class: 'facet-empty' }, 'None in these results'));
    } else if (visible.length === 0) {
      list.appendChild(h('p', { class: 'facet-empty' }, `No ${facet.noun} match “${filter.value.trim()}”`));
    } else if (facet.tree) {
      list.appendChild(this.tree(section, visible, selected));
    } else {
      list.appendChild(h('ul', { class: 'facet-list' }, visible.map((v) => this.item(section, v, selected))));
    }

    const hiddenCount = values.length - visible.length;
    if (!needle && values.length > SHOWN) {
      more.hidden = false;
      more.setAttribute('aria-expanded', section.expanded ? 'true' : 'false');
      more.textContent = section.expanded ? 'Show fewer' : `Show all ${values.length}`;
      if (!section.expanded && hiddenCount <= 0) more.hidden = true;
    } else {
      more.hidden = true;
    }

    if (focusKey !== null) {
      list.querySelector(`input[data-id="${CSS.escape(focusKey)}"]`)?.focus();
    }
  }

  item(section, value, selected) {
    const { facet } = section;
    const checked = selected.has(value.id);
    const count = section.approximate ? `≈${formatNumber(value.count)}` : formatNumber(value.count);
    return h('li', { class: checked ? 'facet-item selected' : 'facet-item' },
      h('label', { class: 'facet-label' },
        h('input', { type: 'checkbox', checked, dataset: { key: facet.key, id: value.id } }),
        h('span', { class: 'facet-name' }, value.label),
        h('span', { class: 'facet-count' }, count, h('span', { class: 'visually-hidden' }, value.count === 1 ? ' document' : ' documents'))));
  }

  tree(section, visible, selected) {
    const roots = [];
    const groups = new Map();
    for (const value of visible) {
      if (value.parent) {
        let group = groups.get(value.parent);
        if (!group) {
          group = { id: value.parent, label: value.parentLabel || labelFor('party', value.parent), children: [] };
          groups.set(value.parent, group);
          roots.push(group);
        }
        group.children.push(value);
      } else {
        roots.push(value);
      }
    }
    const needle = section.filter.value.trim();
    return h('ul', { class: 'facet-list tree' }, roots.map((node, index) => {
      if (!node.children) return this.item(section, node, selected);
      const collapsed = this.collapsedGroups.has(node.id) && !needle;
      const childId = `facet-region-group-${index}`;
      const selectedInside = node.children.filter((c) => selected.has(c.id)).length;
      return h('li', { class: 'tree-group' },
        h('button', {
          type: 'button', class: 'twisty', 'aria-expanded': collapsed ? 'false' : 'true',
          'aria-controls': childId, dataset: { group: node.id },
        },
        h('span', { class: 'twisty-icon', 'aria-hidden': 'true' }),
        h('span', { class: 'facet-name' }, node.label),
        selectedInside ? h('span', { class: 'group-selected' }, `${selectedInside} selected`) : null),
        h('ul', { id: childId, class: 'facet-list tree-children', hidden: collapsed },
          node.children.map((c) => this.item(section, c, selected))));
    }));
  }
}
