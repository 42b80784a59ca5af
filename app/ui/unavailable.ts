export const UNAVAILABLE_MESSAGE = "The service is temporarily unavailable. Please try again in a moment.";
