// Quality review as a service: samples, stores reviews, exports them.
export {};
