import type { NavLinksOf } from '../../../layout/navLink.js';

/** The adminCommerce area's routes, mounted inside the app layout by App.tsx. */
export const adminCommerceRoutes = <></>;

/** The adminCommerce area's entries in the site menu. */
export const adminCommerceNavLinks: NavLinksOf = () => [];
