import { startApp } from './app.js';

startApp().catch((error: unknown) => {
  console.error(error);
  const box = document.getElementById('error');
  if (box !== null) {
    box.textContent = error instanceof Error ? error.message : String(error);
    box.hidden = false;
  }
  document.body.dataset.state = 'error';
});
