// Entry point: asks the server who is signed in, then shows the sign-in page or the workspace
// shell (header, role-based navigation, main area) and routes on the URL hash.
import './styles.css';
import { logout, me, onBreakGlassRequired, onSessionEnded, type Session } from './api';
import { askBreakGlass } from './break_glass';
import { breakGlassPatient } from './dash_logic';
import { h } from './dom';
import { allows, roleLabel } from './permissions';
import { matchScreen, SCREENS, type Screen } from './routes';
import { renderPortalRegister } from './views/portal_register';
import { renderSignIn } from './views/signin';

const app = document.getElementById('app') as HTMLElement;
let session: Session | null = null;

function mayUse(screen: Screen, role: string): boolean {
  return screen.permission === 'signed_in' || allows(role, screen.permission);
}

function currentPath(): string {
  const hash = window.location.hash;
  return hash.startsWith('#/') ? hash.slice(1) : '/';
}

function showSignIn(): void {
  session = null;
  if (currentPath() === '/register') {
    renderPortalRegister(app, (signedIn) => {
      session = signedIn;
      renderShell(true);
    });
    return;
  }
  renderSignIn(app, (signedIn) => {
    session = signedIn;
    if (window.location.hash !== '#/') window.location.hash = '#/';
    renderShell(true);
  });
}

function showSignInWithNotice(message: string): void {
  showSignIn();
  document
    .getElementById('signin-title')
    ?.insertAdjacentElement('afterend', h('p', { class: 'notice', role: 'status' }, message));
}

async function signOut(button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    await logout();
  } catch {
    // The session may already be gone; the sign-in page is right either way.
  }
  window.location.hash = '#/';
  showSignInWithNotice('You have signed out.');
}

// A patient outside the user's assignments: ask why, open it, and let the call be retried.
onBreakGlassRequired(async (error) => {
  const patient = breakGlassPatient(error);
  return patient === null ? false : askBreakGlass(patient);
});

onSessionEnded(() => {
  if (session) showSignInWithNotice('Your session has ended. Please sign in again.');
});

function renderShell(focusHeading: boolean): void {
  if (!session) return showSignIn();
  const { user } = session;
  const path = currentPath();
  const match = matchScreen(path);
  const nav = h('nav', { 'aria-label': 'Main' },
    h('ul', {},
      SCREENS.filter((s) => s.inNav && mayUse(s, user.role) && !(s.navUnless && allows(user.role, s.navUnless)) && !(s.navIf && !allows(user.role, s.navIf))).map((s) =>
        h('li', {}, h('a', { href: `#${s.path}`, 'aria-current': match?.screen === s ? 'page' : undefined }, s.title)),
      )));
  const signOutButton = h('button', { type: 'button', class: 'link-button' }, 'Sign out');
  signOutButton.addEventListener('click', () => void signOut(signOutButton));
  const header = h('header', { class: 'top' },
    h('a', { class: 'brand', href: '#/' }, 'OpenROI'),
    nav,
    h('div', { class: 'who' },
      h('span', { class: 'user-name' }, user.display_name || user.email),
      h('span', { class: 'role', 'data-role': user.role }, roleLabel(user.role)),
      signOutButton));
  const main = h('main', { id: 'main', tabindex: '-1' });
  app.replaceChildren(header, main);
  app.removeAttribute('aria-busy');

  let title: string;
  if (!match) {
    title = 'Page not found';
    main.append(h('h1', {}, title), h('p', {}, 'There is no page at this address. ', h('a', { href: '#/' }, 'Go to the home page.')));
  } else if (!mayUse(match.screen, user.role)) {
    title = 'Not available';
    main.append(h('h1', {}, title), h('p', {}, `The ${roleLabel(user.role)} role may not use ${match.screen.title}.`));
  } else {
    title = match.screen.title;
    match.screen.render(main, session, match.params);
  }
  document.title = `${title} · OpenROI`;
  if (focusHeading) {
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }
}

// The skip link targets the main area without touching the hash (the hash is the route).
document.addEventListener('click', (event) => {
  const target = event.target as HTMLElement | null;
  if (target?.classList.contains('skip-link')) {
    event.preventDefault();
    document.getElementById('main')?.focus();
  }
});

window.addEventListener('hashchange', () => {
  if (session) renderShell(true);
  else if (currentPath() === '/register' || !document.getElementById('signin-title')) showSignIn();
});

async function start(): Promise<void> {
  try {
    session = await me();
  } catch {
    session = null;
  }
  if (session) renderShell(false);
  else showSignIn();
}

void start();
