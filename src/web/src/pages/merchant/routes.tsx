import type { NavLinksOf } from '../../layout/navLink.js';

/** The merchant area's routes, mounted inside the app layout by App.tsx. */
export const merchantRoutes = <></>;

/** The merchant area's entries in the site menu. */
export const merchantNavLinks: NavLinksOf = () => [];
