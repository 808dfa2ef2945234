// Projects: the list, a form to create one, and delete (with the connections it holds).

import { h, replace, notice, button, confirmDialog, announce, plural } from '../dom.js';
import { api } from '../api.js';
import { rules } from '../types.js';

export async function projectsPage(container, { signal, link }) {
  document.title = 'Projects · Switchyard';
  const listHost = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading projects…'));
  const pageStatus = h('div', { 'aria-live': 'polite' });

  async function load(focusName = null) {
    listHost.setAttribute('aria-busy', 'true');
    const { data: projects } = await api.projects();
    if (signal.aborted) return;
    listHost.removeAttribute('aria-busy');
    projects.sort((a, b) => a.name.localeCompare(b.name));
    if (!projects.length) {
      replace(listHost, h('div', { class: 'empty' },
        h('p', {}, 'No projects yet.'), h('p', { class: 'muted' }, 'Create one with the form on this page.')));
      return;
    }
    const rows = projects.map((project) => {
      const count = project.connections?.length ?? 0;
      return h('tr', { dataset: { project: project.name } },
        h('th', { scope: 'row', 'data-label': 'Name' }, h('a', { href: link('projects', project.name), class: 'strong-link' }, project.name)),
        h('td', { 'data-label': 'Connections' }, plural(count, 'connection')),
        h('td', { 'data-label': 'Description', class: 'muted clamp' }, project.readme || '—'),
        h('td', { class: 'row-actions' },
          button('Delete', () => remove(project), { small: true, variant: 'danger-subtle', 'aria-label': `Delete project ${project.name}` })));
    });
    replace(listHost, h('div', { class: 'table-wrap' },
      h('table', { class: 'data-table responsive', 'aria-label': 'Projects' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Connections'),
          h('th', { scope: 'col' }, 'Description'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
        h('tbody', {}, rows))));
    if (focusName) listHost.querySelector(`tr[data-project="${CSS.escape(focusName)}"] a`)?.focus();
  }

  async function remove(project) {
    const count = project.connections?.length ?? 0;
    const confirmed = await confirmDialog({
      title: `Delete project ${project.name}?`,
      body: h('p', {}, count
        ? `Its ${plural(count, 'connection')} will be deleted with it, secrets included. This cannot be undone.`
        : 'It has no connections. This cannot be undone.'),
      confirmLabel: 'Delete project',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await api.deleteProject(project.name);
      replace(pageStatus, notice('success', h('p', {}, `Project ${project.name} deleted.`)));
      announce(`Project ${project.name} deleted`);
      await load();
      container.querySelector('h1')?.focus();
    } catch (error) {
      replace(pageStatus, notice('error', h('p', {}, `Project ${project.name} was not deleted.`),
        h('p', { class: 'api-message' }, h('code', {}, error.code), ' ', error.message)));
    }
  }

  const nameInput = h('input', {
    id: 'project-name', type: 'text', required: true, autocomplete: 'off', spellcheck: 'false',
    placeholder: 'sales', 'aria-describedby': 'project-name-help project-name-error',
  });
  const nameError = h('p', { class: 'field-error', id: 'project-name-error', hidden: true });
  const readmeInput = h('textarea', { id: 'project-readme', rows: 2, placeholder: 'What this project is for' });
  const formStatus = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Create project');
  const form = h('form', {
    class: 'card create-project', novalidate: true, 'aria-labelledby': 'create-project-heading',
    onsubmit: async (event) => {
      event.preventDefault();
      const name = nameInput.value.trim();
      const problem = rules.resourceName(name);
      nameError.hidden = !problem;
      nameError.textContent = problem ? `Name ${problem}` : '';
      if (problem) {
        nameInput.setAttribute('aria-invalid', 'true');
        nameInput.focus();
        return;
      }
      nameInput.removeAttribute('aria-invalid');
      submit.disabled = true;
      try {
        const body = { name };
        if (readmeInput.value.trim()) body.readme = readmeInput.value.trim();
        await api.createProject(body);
        nameInput.value = '';
        readmeInput.value = '';
        replace(formStatus, notice('success', h('p', {}, 'Project ', h('a', { href: link('projects', name) }, name), ' created.')));
        announce(`Project ${name} created`);
        await load();
      } catch (error) {
        replace(formStatus, notice('error', h('p', {}, 'The project was not created.'),
          h('p', { class: 'api-message' }, h('code', {}, error.code), ' ', error.message)));
        nameInput.focus();
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('h2', { id: 'create-project-heading' }, 'New project'),
  h('div', { class: 'field-grid' },
    h('div', { class: 'field' },
      h('label', { for: 'project-name', class: 'field-label' }, 'Name', h('span', { class: 'required' }, 'required')),
      nameInput,
      h('p', { class: 'help', id: 'project-name-help' }, 'Letters, digits, _ and -.'),
      nameError),
    h('div', { class: 'field' },
      h('label', { for: 'project-readme', class: 'field-label' }, 'Description'), readmeInput)),
  formStatus,
  h('div', { class: 'actions' }, submit));

  replace(container,
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', {}, 'Projects'),
        h('p', { class: 'lede' }, 'Each project keeps named connections to databases and warehouses.'))),
    pageStatus,
    h('div', { class: 'two-col' },
      h('section', { 'aria-labelledby': 'projects-list-heading', class: 'col-main' },
        h('h2', { id: 'projects-list-heading', class: 'sr-only' }, 'All projects'),
        listHost),
      h('aside', { class: 'col-side' }, form)));
  await load();
}
