import '@fontsource-variable/inter';
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

async function start(): Promise<void> {
  // `npm run dev` (or a `--mode mock` build) in a plain browser has no Tauri: answer commands from
  // an in-memory demo instead. Production builds leave this out entirely.
  if (import.meta.env.MODE !== 'production' && !('__TAURI_INTERNALS__' in window)) {
    const { installDevBackend } = await import('./dev/backend');
    installDevBackend(new URLSearchParams(window.location.search));
  }
  mount(App, { target: document.getElementById('app')! });
}

void start();
