/** The product's name, as tabs and titles show it. */
export const APP_NAME = 'Chatbot AI';
