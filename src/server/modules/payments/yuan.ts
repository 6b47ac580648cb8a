/**
 * Money as yuan with two decimals (`12.30`), the way epay and Alipay write it, to and from 分 without a
 * float. Written for epay first; the providers that speak yuan share it from here.
 */
export { fenToYuan, yuanToFen } from './epay/epay-money.js';
