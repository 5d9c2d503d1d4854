// The dashboard works without this file; it only adds a photo viewer and the poster's print button.
'use strict';

document.addEventListener('click', (event) => {
  const print = event.target.closest('[data-print]');
  if (print) {
    window.print();
    return;
  }
  const link = event.target.closest('a.photo');
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  openViewer(link);
});

function openViewer(link) {
  const photos = Array.from(link.closest('.gallery').querySelectorAll('a.photo'));
  let index = photos.indexOf(link);
  const overlay = document.createElement('div');
  overlay.className = 'viewer';
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-modal', 'true');
  const img = document.createElement('img');
  const caption = document.createElement('p');
  overlay.append(img, caption);
  const show = () => {
    img.src = photos[index].href;
    img.alt = caption.textContent = photos[index].dataset.caption || '';
  };
  const close = () => {
    overlay.remove();
    document.removeEventListener('keydown', onKey);
    link.focus();
  };
  const onKey = (e) => {
    if (e.key === 'Escape') close();
    if (e.key === 'ArrowRight') index = (index + 1) % photos.length, show();
    if (e.key === 'ArrowLeft') index = (index + photos.length - 1) % photos.length, show();
  };
  overlay.addEventListener('click', close);
  document.addEventListener('keydown', onKey);
  show();
  document.body.append(overlay);
}

// Closing, sending back and escalating ask once more before the form goes (the button names what it does).
document.addEventListener('submit', (e) => {
  const button = e.submitter;
  const text = button?.dataset?.confirm;
  if (text && !window.confirm(text)) e.preventDefault();
});
