() => {
  // After an answer: the chat's own scroll area shows the top of the new answer (its question), not the bottom of
  // its records; the page itself does not move.
  setTimeout(() => {
    const rows = document.querySelectorAll('#chat .message-row.user-row');
    if (!rows.length) return;
    const row = rows[rows.length - 1];
    let box = row.parentElement;
    while (box && !(box.scrollHeight > box.clientHeight && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) {
      box = box.parentElement;
    }
    if (box && box !== document.documentElement && box !== document.body) {
      box.scrollTop += row.getBoundingClientRect().top - box.getBoundingClientRect().top;
    }
  }, 60);
}
