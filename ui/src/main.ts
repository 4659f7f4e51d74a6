import '@fontsource-variable/inter';
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

async function start(): Promise<void> {
  // `npm run dev` in a plain browser has no Tauri: answer commands from an in-memory demo instead.
  if (import.meta.env.DEV && !('__TAURI_INTERNALS__' in window)) {
    const { installDevBackend } = await import('./dev/backend');
    installDevBackend(new URLSearchParams(window.location.search));
  }
  mount(App, { target: document.getElementById('app')! });
}

void start();
