// Browsers cannot send a bearer header: the silo's /auth/sign-in keeps the token in an HttpOnly cookie.
// Returns null on success, else the problem's detail.
export async function signIn(token) {
    const response = await fetch('auth/sign-in', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token }),
        credentials: 'same-origin',
    });
    if (response.ok) {
        return null;
    }
    try {
        const problem = await response.json();
        return problem.detail ?? `Sign-in failed (HTTP ${response.status}).`;
    } catch {
        return `Sign-in failed (HTTP ${response.status}).`;
    }
}

export async function signOut() {
    await fetch('auth/sign-out', { method: 'POST', credentials: 'same-origin' });
}
