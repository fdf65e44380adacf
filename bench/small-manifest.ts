// The small hand-written manifest the bench's server scenarios open beside their large work: what an editor
// shows while a bundle is analysed, typed into and hovered over. One text, so that the scenarios agree.

/** A Deployment of the size people write by hand, for "a 20-line manifest gets diagnostics at once". */
export const SMALL_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  annotations:
    owner: payments-team
spec:
  replicas: 3
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout
    spec:
      containers:
        - name: checkout
          image: registry.example.com/checkout:1.4.2
          imagePullPolicy: IfNotPresent
`;
