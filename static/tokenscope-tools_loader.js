// The tools module's loader (Trunk copies it to dist/ unchanged). src/web/tools_launcher.rs adds it to the page the
// first time a tool is opened, after writing on #tools-host which tool (data-tool) and the page's inputs as JSON
// (data-inputs). It loads the module's bindings (wasm-bindgen, no-modules target) and its WebAssembly from the page's
// own origin, mounts the tool, and mounts again each time the page writes data-tool. #tools-host's data-state says
// where it stands: loading (with a note in the host), ready or failed (with the reason as text in the host).
(() => {
  const host = document.getElementById('tools-host');
  const fail = (why) => {
    host.dataset.state = 'failed';
    const p = document.createElement('p');
    p.className = 'panel field-error';
    p.setAttribute('role', 'alert');
    p.textContent = `The tool could not be opened: ${why}`;
    host.replaceChildren(p);
  };
  const mount = () => {
    document.getElementById('tools-loading')?.remove();
    try {
      wasm_bindgen.mount(host, host.dataset.tool, host.dataset.inputs);
      host.dataset.state = 'ready';
    } catch (err) {
      fail(String(err?.message ?? err));
    }
  };
  host.dataset.state = 'loading';
  // The module is large (the generators, the audit, the error catalogue): say that it is coming.
  const note = document.createElement('p');
  note.id = 'tools-loading';
  note.className = 'panel';
  note.setAttribute('role', 'status');
  note.textContent = 'Loading the tools…';
  host.replaceChildren(note);
  const bindings = document.createElement('script');
  bindings.src = './tokenscope-tools.js';
  bindings.addEventListener('error', () => fail('./tokenscope-tools.js could not be loaded'));
  bindings.addEventListener('load', () => {
    wasm_bindgen({ module_or_path: './tokenscope-tools_bg.wasm' }).then(() => {
      mount();
      new MutationObserver(mount).observe(host, { attributes: true, attributeFilter: ['data-tool'] });
    }, (err) => fail(`the tools module did not start (${err?.message ?? err})`));
  });
  document.head.append(bindings);
})();
