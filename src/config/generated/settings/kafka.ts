/* eslint-disable */
// @ts-nocheck
// Written by `npm run schema` (src/config/validator-code.ts) from the driver's settings schema: Ajv's standalone
// code, so that start-up compiles nothing. Do not edit.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { schemaFormats as formats } from '../../schema-formats.js';
const require = createRequire(import.meta.url);

export const settings = validate10;
const schema11 = {"additionalProperties":false,"type":"object","properties":{"bootstrapServers":{"description":"host:port of a broker, or a list of them (default 127.0.0.1:9092); Event Hubs: <namespace>.servicebus.windows.net:9093","anyOf":[{"minLength":1,"type":"string"},{"minItems":1,"type":"array","items":{"minLength":1,"type":"string"}}]},"clientId":{"minLength":1,"description":"Client id the broker sees in its logs and quotas (default outrigger)","type":"string"},"securityProtocol":{"description":"Kafka security.protocol (default PLAINTEXT); Event Hubs: SASL_SSL","anyOf":[{"const":"PLAINTEXT","type":"string"},{"const":"SSL","type":"string"},{"const":"SASL_PLAINTEXT","type":"string"},{"const":"SASL_SSL","type":"string"}]},"saslMechanism":{"description":"Kafka sasl.mechanism, required with SASL_PLAINTEXT and SASL_SSL; Event Hubs: PLAIN","anyOf":[{"const":"PLAIN","type":"string"},{"const":"SCRAM-SHA-256","type":"string"},{"const":"SCRAM-SHA-512","type":"string"}]},"username":{"minLength":1,"description":"SASL user; Event Hubs: $ConnectionString","type":"string"},"password":{"minLength":1,"description":"SASL password; Event Hubs: the namespace connection string (use ${ENV} substitution)","type":"string"},"tlsCaFile":{"minLength":1,"description":"PEM file of the CAs to trust with SSL / SASL_SSL (default: the system CAs)","type":"string"},"tlsCertFile":{"minLength":1,"description":"PEM client certificate for mutual TLS; needs tlsKeyFile","type":"string"},"tlsKeyFile":{"minLength":1,"description":"PEM private key of tlsCertFile","type":"string"},"maxMessageBytes":{"minimum":1024,"maximum":104857600,"description":"Largest record (value, key and headers) accepted (default 1048576; raise with the broker's message.max.bytes)","type":"integer"},"replicationFactor":{"minimum":1,"maximum":32,"description":"Replication factor of the topics the driver creates (default: the broker's default.replication.factor)","type":"integer"},"createTopics":{"description":"Create a stream's topic when it is missing (default true); false: it must exist","type":"boolean"},"connectTimeoutMs":{"minimum":100,"maximum":600000,"description":"How long opening a broker connection may take (default 5000)","type":"integer"},"requestTimeoutMs":{"minimum":1000,"maximum":600000,"description":"How long a request may wait for the broker's answer (default 30000)","type":"integer"},"sessionTimeoutMs":{"minimum":1000,"maximum":1800000,"description":"A silent consumer-group member loses its partitions after this long (default 10000)","type":"integer"},"heartbeatIntervalMs":{"minimum":100,"maximum":600000,"description":"Consumer-group heartbeat interval (default 1000; at most a third of sessionTimeoutMs)","type":"integer"},"processRetryMs":{"minimum":10,"maximum":600000,"description":"Pause before a failed batch is processed again (default 1000)","type":"integer"},"commitIntervalMs":{"minimum":0,"maximum":60000,"description":"0 (default): each stream checkpoint is committed before the next batch; more: commits at most once per this many ms, flushed when a partition is given up (a crash repeats at most that much)","type":"integer"}}};
const func2 = Object.prototype.hasOwnProperty;
const func3 = require("ajv/dist/runtime/ucs2length").default;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.bootstrapServers !== undefined){
let data0 = data.bootstrapServers;
const _errs3 = errors;
let valid1 = false;
const _errs4 = errors;
if(typeof data0 !== "string"){
let dataType0 = typeof data0;
let coerced0 = undefined;
if(!(coerced0 !== undefined)){
if(dataType0 == "number" || dataType0 == "boolean"){
coerced0 = "" + data0;
}
else if(data0 === null){
coerced0 = "";
}
else {
const err1 = {instancePath:instancePath+"/bootstrapServers",schemaPath:"#/properties/bootstrapServers/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.bootstrapServers.anyOf[0].type,parentSchema:schema11.properties.bootstrapServers.anyOf[0],data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(coerced0 !== undefined){
data0 = coerced0;
if(data !== undefined){
data["bootstrapServers"] = coerced0;
}
}
}
if(typeof data0 === "string"){
if(func3(data0) < 1){
const err2 = {instancePath:instancePath+"/bootstrapServers",schemaPath:"#/properties/bootstrapServers/anyOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.bootstrapServers.anyOf[0],data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
var _valid0 = _errs4 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs6 = errors;
if(Array.isArray(data0)){
if(data0.length < 1){
const err3 = {instancePath:instancePath+"/bootstrapServers",schemaPath:"#/properties/bootstrapServers/anyOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema11.properties.bootstrapServers.anyOf[1],data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
let data1 = data0[i0];
if(typeof data1 !== "string"){
let dataType1 = typeof data1;
let coerced1 = undefined;
if(!(coerced1 !== undefined)){
if(dataType1 == "number" || dataType1 == "boolean"){
coerced1 = "" + data1;
}
else if(data1 === null){
coerced1 = "";
}
else {
const err4 = {instancePath:instancePath+"/bootstrapServers/" + i0,schemaPath:"#/properties/bootstrapServers/anyOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.bootstrapServers.anyOf[1].items.type,parentSchema:schema11.properties.bootstrapServers.anyOf[1].items,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(coerced1 !== undefined){
data1 = coerced1;
if(data0 !== undefined){
data0[i0] = coerced1;
}
}
}
if(typeof data1 === "string"){
if(func3(data1) < 1){
const err5 = {instancePath:instancePath+"/bootstrapServers/" + i0,schemaPath:"#/properties/bootstrapServers/anyOf/1/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.bootstrapServers.anyOf[1].items,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
}
else {
const err6 = {instancePath:instancePath+"/bootstrapServers",schemaPath:"#/properties/bootstrapServers/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.bootstrapServers.anyOf[1].type,parentSchema:schema11.properties.bootstrapServers.anyOf[1],data:data0};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
var _valid0 = _errs6 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err7 = {instancePath:instancePath+"/bootstrapServers",schemaPath:"#/properties/bootstrapServers/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.bootstrapServers.anyOf,parentSchema:schema11.properties.bootstrapServers,data:data0};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
else {
errors = _errs3;
if(vErrors !== null){
if(_errs3){
vErrors.length = _errs3;
}
else {
vErrors = null;
}
}
}
}
if(data.clientId !== undefined){
let data2 = data.clientId;
if(typeof data2 !== "string"){
let dataType2 = typeof data2;
let coerced2 = undefined;
if(!(coerced2 !== undefined)){
if(dataType2 == "number" || dataType2 == "boolean"){
coerced2 = "" + data2;
}
else if(data2 === null){
coerced2 = "";
}
else {
const err8 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.clientId.type,parentSchema:schema11.properties.clientId,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(coerced2 !== undefined){
data2 = coerced2;
if(data !== undefined){
data["clientId"] = coerced2;
}
}
}
if(typeof data2 === "string"){
if(func3(data2) < 1){
const err9 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.clientId,data:data2};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
if(data.securityProtocol !== undefined){
let data3 = data.securityProtocol;
const _errs13 = errors;
let valid4 = false;
const _errs14 = errors;
if(typeof data3 !== "string"){
let dataType3 = typeof data3;
let coerced3 = undefined;
if(!(coerced3 !== undefined)){
if(dataType3 == "number" || dataType3 == "boolean"){
coerced3 = "" + data3;
}
else if(data3 === null){
coerced3 = "";
}
else {
const err10 = {instancePath:instancePath+"/securityProtocol",schemaPath:"#/properties/securityProtocol/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.securityProtocol.anyOf[0].type,parentSchema:schema11.properties.securityProtocol.anyOf[0],data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(coerced3 !== undefined){
data3 = coerced3;
if(data !== undefined){
data["securityProtocol"] = coerced3;
}
}
}
if("PLAINTEXT" !== data3){
const err11 = {instancePath:instancePath+"/securityProtocol",schemaPath:"#/properties/securityProtocol/anyOf/0/const",keyword:"const",params:{allowedValue: "PLAINTEXT"},message:"must be equal to constant",schema:"PLAINTEXT",parentSchema:schema11.properties.securityProtocol.anyOf[0],data:data3};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
var _valid1 = _errs14 === errors;
valid4 = valid4 || _valid1;
if(!valid4){
const _errs16 = errors;
if(typeof data3 !== "string"){
let dataType4 = typeof data3;
let coerced4 = undefined;
if(!(coerced4 !== undefined)){
if(dataType4 == "number" || dataType4 == "boolean"){
coerced4 = "" + data3;
}
else if(data3 === null){
coerced4 = "";
}
else {
const err12 = {instancePath:instancePath+"/securityProtocol",schemaPath:"#/properties/securityProtocol/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.securityProtocol.anyOf[1].type,parentSchema:schema11.properties.securityProtocol.anyOf[1],data:data3};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(coerced4 !== undefined){
data3 = coerced4;
if(data !== undefined){
data["securityProtocol"] = coerced4;
}
}
}
if("SSL" !== data3){
const err13 = {instancePath:instancePath+"/securityProtocol",schemaPath:"#/properties/securityProtocol/anyOf/1/const",keyword:"const",params:{allowedValue: "SSL"},message:"must be equal to constant",schema:"SSL",parentSchema:schema11.properties.securityProtocol.anyOf[1],data:data3};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var _valid1 = _errs16 === errors;
valid4 = valid4 || _valid1;
if(!valid4){
const _errs18 = errors;
if(typeof data3 !== "string"){
let dataType5 = typeof data3;
let coerced5 = undefined;
if(!(coerced5 !== undefined)){
if(dataType5 == "number" || dataType5 == "boolean"){
coerced5 = "" + data3;
}
else if(data3 === null){
coerced5 = "";
}
else {
const err14 = {instancePath:instancePath+"/securityProtocol",schemaPath:"#/properties/securityProtocol/anyOf/2/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.securityProtocol.anyOf[2].type,parentSchema:schema11.properties.securityProtocol.anyOf[2],data:data3};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(coerced5 !== undefined){
data3 = coerced5;
if(data !== undefined){
data["securityProtocol"] = coerced5;
}
}
}
if("SASL_PLAINTEXT" !== data3){
const err15 = {instancePath:instancePath+"/securityProtocol",schemaPath:"#/properties/securityProtocol/anyOf/2/const",keyword:"const",params:{allowedValue: "SASL_PLAINTEXT"},message:"must be equal to constant",schema:"SASL_PLAINTEXT",parentSchema:schema11.properties.securityProtocol.anyOf[2],data:data3};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
var _valid1 = _errs18 === errors;
valid4 = valid4 || _valid1;
if(!valid4){
const _errs20 = errors;
if(typeof data3 !== "string"){
let dataType6 = typeof data3;
let coerced6 = undefined;
if(!(coerced6 !== undefined)){
if(dataType6 == "number" || dataType6 == "boolean"){
coerced6 = "" + data3;
}
else if(data3 === null){
coerced6 = "";
}
else {
const err16 = {instancePath:instancePath+"/securityProtocol",schemaPath:"#/properties/securityProtocol/anyOf/3/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.securityProtocol.anyOf[3].type,parentSchema:schema11.properties.securityProtocol.anyOf[3],data:data3};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(coerced6 !== undefined){
data3 = coerced6;
if(data !== undefined){
data["securityProtocol"] = coerced6;
}
}
}
if("SASL_SSL" !== data3){
const err17 = {instancePath:instancePath+"/securityProtocol",schemaPath:"#/properties/securityProtocol/anyOf/3/const",keyword:"const",params:{allowedValue: "SASL_SSL"},message:"must be equal to constant",schema:"SASL_SSL",parentSchema:schema11.properties.securityProtocol.anyOf[3],data:data3};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var _valid1 = _errs20 === errors;
valid4 = valid4 || _valid1;
}
}
}
if(!valid4){
const err18 = {instancePath:instancePath+"/securityProtocol",schemaPath:"#/properties/securityProtocol/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.securityProtocol.anyOf,parentSchema:schema11.properties.securityProtocol,data:data3};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
else {
errors = _errs13;
if(vErrors !== null){
if(_errs13){
vErrors.length = _errs13;
}
else {
vErrors = null;
}
}
}
}
if(data.saslMechanism !== undefined){
let data4 = data.saslMechanism;
const _errs23 = errors;
let valid5 = false;
const _errs24 = errors;
if(typeof data4 !== "string"){
let dataType7 = typeof data4;
let coerced7 = undefined;
if(!(coerced7 !== undefined)){
if(dataType7 == "number" || dataType7 == "boolean"){
coerced7 = "" + data4;
}
else if(data4 === null){
coerced7 = "";
}
else {
const err19 = {instancePath:instancePath+"/saslMechanism",schemaPath:"#/properties/saslMechanism/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.saslMechanism.anyOf[0].type,parentSchema:schema11.properties.saslMechanism.anyOf[0],data:data4};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(coerced7 !== undefined){
data4 = coerced7;
if(data !== undefined){
data["saslMechanism"] = coerced7;
}
}
}
if("PLAIN" !== data4){
const err20 = {instancePath:instancePath+"/saslMechanism",schemaPath:"#/properties/saslMechanism/anyOf/0/const",keyword:"const",params:{allowedValue: "PLAIN"},message:"must be equal to constant",schema:"PLAIN",parentSchema:schema11.properties.saslMechanism.anyOf[0],data:data4};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid2 = _errs24 === errors;
valid5 = valid5 || _valid2;
if(!valid5){
const _errs26 = errors;
if(typeof data4 !== "string"){
let dataType8 = typeof data4;
let coerced8 = undefined;
if(!(coerced8 !== undefined)){
if(dataType8 == "number" || dataType8 == "boolean"){
coerced8 = "" + data4;
}
else if(data4 === null){
coerced8 = "";
}
else {
const err21 = {instancePath:instancePath+"/saslMechanism",schemaPath:"#/properties/saslMechanism/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.saslMechanism.anyOf[1].type,parentSchema:schema11.properties.saslMechanism.anyOf[1],data:data4};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(coerced8 !== undefined){
data4 = coerced8;
if(data !== undefined){
data["saslMechanism"] = coerced8;
}
}
}
if("SCRAM-SHA-256" !== data4){
const err22 = {instancePath:instancePath+"/saslMechanism",schemaPath:"#/properties/saslMechanism/anyOf/1/const",keyword:"const",params:{allowedValue: "SCRAM-SHA-256"},message:"must be equal to constant",schema:"SCRAM-SHA-256",parentSchema:schema11.properties.saslMechanism.anyOf[1],data:data4};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var _valid2 = _errs26 === errors;
valid5 = valid5 || _valid2;
if(!valid5){
const _errs28 = errors;
if(typeof data4 !== "string"){
let dataType9 = typeof data4;
let coerced9 = undefined;
if(!(coerced9 !== undefined)){
if(dataType9 == "number" || dataType9 == "boolean"){
coerced9 = "" + data4;
}
else if(data4 === null){
coerced9 = "";
}
else {
const err23 = {instancePath:instancePath+"/saslMechanism",schemaPath:"#/properties/saslMechanism/anyOf/2/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.saslMechanism.anyOf[2].type,parentSchema:schema11.properties.saslMechanism.anyOf[2],data:data4};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(coerced9 !== undefined){
data4 = coerced9;
if(data !== undefined){
data["saslMechanism"] = coerced9;
}
}
}
if("SCRAM-SHA-512" !== data4){
const err24 = {instancePath:instancePath+"/saslMechanism",schemaPath:"#/properties/saslMechanism/anyOf/2/const",keyword:"const",params:{allowedValue: "SCRAM-SHA-512"},message:"must be equal to constant",schema:"SCRAM-SHA-512",parentSchema:schema11.properties.saslMechanism.anyOf[2],data:data4};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var _valid2 = _errs28 === errors;
valid5 = valid5 || _valid2;
}
}
if(!valid5){
const err25 = {instancePath:instancePath+"/saslMechanism",schemaPath:"#/properties/saslMechanism/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.saslMechanism.anyOf,parentSchema:schema11.properties.saslMechanism,data:data4};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
else {
errors = _errs23;
if(vErrors !== null){
if(_errs23){
vErrors.length = _errs23;
}
else {
vErrors = null;
}
}
}
}
if(data.username !== undefined){
let data5 = data.username;
if(typeof data5 !== "string"){
let dataType10 = typeof data5;
let coerced10 = undefined;
if(!(coerced10 !== undefined)){
if(dataType10 == "number" || dataType10 == "boolean"){
coerced10 = "" + data5;
}
else if(data5 === null){
coerced10 = "";
}
else {
const err26 = {instancePath:instancePath+"/username",schemaPath:"#/properties/username/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.username.type,parentSchema:schema11.properties.username,data:data5};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(coerced10 !== undefined){
data5 = coerced10;
if(data !== undefined){
data["username"] = coerced10;
}
}
}
if(typeof data5 === "string"){
if(func3(data5) < 1){
const err27 = {instancePath:instancePath+"/username",schemaPath:"#/properties/username/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.username,data:data5};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
if(data.password !== undefined){
let data6 = data.password;
if(typeof data6 !== "string"){
let dataType11 = typeof data6;
let coerced11 = undefined;
if(!(coerced11 !== undefined)){
if(dataType11 == "number" || dataType11 == "boolean"){
coerced11 = "" + data6;
}
else if(data6 === null){
coerced11 = "";
}
else {
const err28 = {instancePath:instancePath+"/password",schemaPath:"#/properties/password/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.password.type,parentSchema:schema11.properties.password,data:data6};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(coerced11 !== undefined){
data6 = coerced11;
if(data !== undefined){
data["password"] = coerced11;
}
}
}
if(typeof data6 === "string"){
if(func3(data6) < 1){
const err29 = {instancePath:instancePath+"/password",schemaPath:"#/properties/password/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.password,data:data6};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
if(data.tlsCaFile !== undefined){
let data7 = data.tlsCaFile;
if(typeof data7 !== "string"){
let dataType12 = typeof data7;
let coerced12 = undefined;
if(!(coerced12 !== undefined)){
if(dataType12 == "number" || dataType12 == "boolean"){
coerced12 = "" + data7;
}
else if(data7 === null){
coerced12 = "";
}
else {
const err30 = {instancePath:instancePath+"/tlsCaFile",schemaPath:"#/properties/tlsCaFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tlsCaFile.type,parentSchema:schema11.properties.tlsCaFile,data:data7};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(coerced12 !== undefined){
data7 = coerced12;
if(data !== undefined){
data["tlsCaFile"] = coerced12;
}
}
}
if(typeof data7 === "string"){
if(func3(data7) < 1){
const err31 = {instancePath:instancePath+"/tlsCaFile",schemaPath:"#/properties/tlsCaFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.tlsCaFile,data:data7};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
if(data.tlsCertFile !== undefined){
let data8 = data.tlsCertFile;
if(typeof data8 !== "string"){
let dataType13 = typeof data8;
let coerced13 = undefined;
if(!(coerced13 !== undefined)){
if(dataType13 == "number" || dataType13 == "boolean"){
coerced13 = "" + data8;
}
else if(data8 === null){
coerced13 = "";
}
else {
const err32 = {instancePath:instancePath+"/tlsCertFile",schemaPath:"#/properties/tlsCertFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tlsCertFile.type,parentSchema:schema11.properties.tlsCertFile,data:data8};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(coerced13 !== undefined){
data8 = coerced13;
if(data !== undefined){
data["tlsCertFile"] = coerced13;
}
}
}
if(typeof data8 === "string"){
if(func3(data8) < 1){
const err33 = {instancePath:instancePath+"/tlsCertFile",schemaPath:"#/properties/tlsCertFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.tlsCertFile,data:data8};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
if(data.tlsKeyFile !== undefined){
let data9 = data.tlsKeyFile;
if(typeof data9 !== "string"){
let dataType14 = typeof data9;
let coerced14 = undefined;
if(!(coerced14 !== undefined)){
if(dataType14 == "number" || dataType14 == "boolean"){
coerced14 = "" + data9;
}
else if(data9 === null){
coerced14 = "";
}
else {
const err34 = {instancePath:instancePath+"/tlsKeyFile",schemaPath:"#/properties/tlsKeyFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tlsKeyFile.type,parentSchema:schema11.properties.tlsKeyFile,data:data9};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(coerced14 !== undefined){
data9 = coerced14;
if(data !== undefined){
data["tlsKeyFile"] = coerced14;
}
}
}
if(typeof data9 === "string"){
if(func3(data9) < 1){
const err35 = {instancePath:instancePath+"/tlsKeyFile",schemaPath:"#/properties/tlsKeyFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.tlsKeyFile,data:data9};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
if(data.maxMessageBytes !== undefined){
let data10 = data.maxMessageBytes;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
let dataType15 = typeof data10;
let coerced15 = undefined;
if(!(coerced15 !== undefined)){
if(dataType15 === "boolean" || data10 === null
              || (dataType15 === "string" && data10 && data10 == +data10 && !(data10 % 1))){
coerced15 = +data10;
}
else {
const err36 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.maxMessageBytes.type,parentSchema:schema11.properties.maxMessageBytes,data:data10};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(coerced15 !== undefined){
data10 = coerced15;
if(data !== undefined){
data["maxMessageBytes"] = coerced15;
}
}
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 104857600 || isNaN(data10)){
const err37 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 104857600},message:"must be <= 104857600",schema:104857600,parentSchema:schema11.properties.maxMessageBytes,data:data10};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if(data10 < 1024 || isNaN(data10)){
const err38 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema11.properties.maxMessageBytes,data:data10};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
}
if(data.replicationFactor !== undefined){
let data11 = data.replicationFactor;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
let dataType16 = typeof data11;
let coerced16 = undefined;
if(!(coerced16 !== undefined)){
if(dataType16 === "boolean" || data11 === null
              || (dataType16 === "string" && data11 && data11 == +data11 && !(data11 % 1))){
coerced16 = +data11;
}
else {
const err39 = {instancePath:instancePath+"/replicationFactor",schemaPath:"#/properties/replicationFactor/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.replicationFactor.type,parentSchema:schema11.properties.replicationFactor,data:data11};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(coerced16 !== undefined){
data11 = coerced16;
if(data !== undefined){
data["replicationFactor"] = coerced16;
}
}
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 > 32 || isNaN(data11)){
const err40 = {instancePath:instancePath+"/replicationFactor",schemaPath:"#/properties/replicationFactor/maximum",keyword:"maximum",params:{comparison: "<=", limit: 32},message:"must be <= 32",schema:32,parentSchema:schema11.properties.replicationFactor,data:data11};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
if(data11 < 1 || isNaN(data11)){
const err41 = {instancePath:instancePath+"/replicationFactor",schemaPath:"#/properties/replicationFactor/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.replicationFactor,data:data11};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
if(data.createTopics !== undefined){
let data12 = data.createTopics;
if(typeof data12 !== "boolean"){
let coerced17 = undefined;
if(!(coerced17 !== undefined)){
if(data12 === "false" || data12 === 0 || data12 === null){
coerced17 = false;
}
else if(data12 === "true" || data12 === 1){
coerced17 = true;
}
else {
const err42 = {instancePath:instancePath+"/createTopics",schemaPath:"#/properties/createTopics/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.createTopics.type,parentSchema:schema11.properties.createTopics,data:data12};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(coerced17 !== undefined){
data12 = coerced17;
if(data !== undefined){
data["createTopics"] = coerced17;
}
}
}
}
if(data.connectTimeoutMs !== undefined){
let data13 = data.connectTimeoutMs;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
let dataType18 = typeof data13;
let coerced18 = undefined;
if(!(coerced18 !== undefined)){
if(dataType18 === "boolean" || data13 === null
              || (dataType18 === "string" && data13 && data13 == +data13 && !(data13 % 1))){
coerced18 = +data13;
}
else {
const err43 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.connectTimeoutMs.type,parentSchema:schema11.properties.connectTimeoutMs,data:data13};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(coerced18 !== undefined){
data13 = coerced18;
if(data !== undefined){
data["connectTimeoutMs"] = coerced18;
}
}
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 > 600000 || isNaN(data13)){
const err44 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.connectTimeoutMs,data:data13};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
if(data13 < 100 || isNaN(data13)){
const err45 = {instancePath:instancePath+"/connectTimeoutMs",schemaPath:"#/properties/connectTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema11.properties.connectTimeoutMs,data:data13};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
}
if(data.requestTimeoutMs !== undefined){
let data14 = data.requestTimeoutMs;
if(!(((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14))) && (isFinite(data14)))){
let dataType19 = typeof data14;
let coerced19 = undefined;
if(!(coerced19 !== undefined)){
if(dataType19 === "boolean" || data14 === null
              || (dataType19 === "string" && data14 && data14 == +data14 && !(data14 % 1))){
coerced19 = +data14;
}
else {
const err46 = {instancePath:instancePath+"/requestTimeoutMs",schemaPath:"#/properties/requestTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.requestTimeoutMs.type,parentSchema:schema11.properties.requestTimeoutMs,data:data14};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(coerced19 !== undefined){
data14 = coerced19;
if(data !== undefined){
data["requestTimeoutMs"] = coerced19;
}
}
}
if((typeof data14 == "number") && (isFinite(data14))){
if(data14 > 600000 || isNaN(data14)){
const err47 = {instancePath:instancePath+"/requestTimeoutMs",schemaPath:"#/properties/requestTimeoutMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.requestTimeoutMs,data:data14};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if(data14 < 1000 || isNaN(data14)){
const err48 = {instancePath:instancePath+"/requestTimeoutMs",schemaPath:"#/properties/requestTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1000},message:"must be >= 1000",schema:1000,parentSchema:schema11.properties.requestTimeoutMs,data:data14};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
}
if(data.sessionTimeoutMs !== undefined){
let data15 = data.sessionTimeoutMs;
if(!(((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15))) && (isFinite(data15)))){
let dataType20 = typeof data15;
let coerced20 = undefined;
if(!(coerced20 !== undefined)){
if(dataType20 === "boolean" || data15 === null
              || (dataType20 === "string" && data15 && data15 == +data15 && !(data15 % 1))){
coerced20 = +data15;
}
else {
const err49 = {instancePath:instancePath+"/sessionTimeoutMs",schemaPath:"#/properties/sessionTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.sessionTimeoutMs.type,parentSchema:schema11.properties.sessionTimeoutMs,data:data15};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(coerced20 !== undefined){
data15 = coerced20;
if(data !== undefined){
data["sessionTimeoutMs"] = coerced20;
}
}
}
if((typeof data15 == "number") && (isFinite(data15))){
if(data15 > 1800000 || isNaN(data15)){
const err50 = {instancePath:instancePath+"/sessionTimeoutMs",schemaPath:"#/properties/sessionTimeoutMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1800000},message:"must be <= 1800000",schema:1800000,parentSchema:schema11.properties.sessionTimeoutMs,data:data15};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
if(data15 < 1000 || isNaN(data15)){
const err51 = {instancePath:instancePath+"/sessionTimeoutMs",schemaPath:"#/properties/sessionTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1000},message:"must be >= 1000",schema:1000,parentSchema:schema11.properties.sessionTimeoutMs,data:data15};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
}
if(data.heartbeatIntervalMs !== undefined){
let data16 = data.heartbeatIntervalMs;
if(!(((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16))) && (isFinite(data16)))){
let dataType21 = typeof data16;
let coerced21 = undefined;
if(!(coerced21 !== undefined)){
if(dataType21 === "boolean" || data16 === null
              || (dataType21 === "string" && data16 && data16 == +data16 && !(data16 % 1))){
coerced21 = +data16;
}
else {
const err52 = {instancePath:instancePath+"/heartbeatIntervalMs",schemaPath:"#/properties/heartbeatIntervalMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.heartbeatIntervalMs.type,parentSchema:schema11.properties.heartbeatIntervalMs,data:data16};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(coerced21 !== undefined){
data16 = coerced21;
if(data !== undefined){
data["heartbeatIntervalMs"] = coerced21;
}
}
}
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 > 600000 || isNaN(data16)){
const err53 = {instancePath:instancePath+"/heartbeatIntervalMs",schemaPath:"#/properties/heartbeatIntervalMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.heartbeatIntervalMs,data:data16};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
if(data16 < 100 || isNaN(data16)){
const err54 = {instancePath:instancePath+"/heartbeatIntervalMs",schemaPath:"#/properties/heartbeatIntervalMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema11.properties.heartbeatIntervalMs,data:data16};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
}
if(data.processRetryMs !== undefined){
let data17 = data.processRetryMs;
if(!(((typeof data17 == "number") && (!(data17 % 1) && !isNaN(data17))) && (isFinite(data17)))){
let dataType22 = typeof data17;
let coerced22 = undefined;
if(!(coerced22 !== undefined)){
if(dataType22 === "boolean" || data17 === null
              || (dataType22 === "string" && data17 && data17 == +data17 && !(data17 % 1))){
coerced22 = +data17;
}
else {
const err55 = {instancePath:instancePath+"/processRetryMs",schemaPath:"#/properties/processRetryMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.processRetryMs.type,parentSchema:schema11.properties.processRetryMs,data:data17};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(coerced22 !== undefined){
data17 = coerced22;
if(data !== undefined){
data["processRetryMs"] = coerced22;
}
}
}
if((typeof data17 == "number") && (isFinite(data17))){
if(data17 > 600000 || isNaN(data17)){
const err56 = {instancePath:instancePath+"/processRetryMs",schemaPath:"#/properties/processRetryMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.processRetryMs,data:data17};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
if(data17 < 10 || isNaN(data17)){
const err57 = {instancePath:instancePath+"/processRetryMs",schemaPath:"#/properties/processRetryMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 10},message:"must be >= 10",schema:10,parentSchema:schema11.properties.processRetryMs,data:data17};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
}
if(data.commitIntervalMs !== undefined){
let data18 = data.commitIntervalMs;
if(!(((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18))) && (isFinite(data18)))){
let dataType23 = typeof data18;
let coerced23 = undefined;
if(!(coerced23 !== undefined)){
if(dataType23 === "boolean" || data18 === null
              || (dataType23 === "string" && data18 && data18 == +data18 && !(data18 % 1))){
coerced23 = +data18;
}
else {
const err58 = {instancePath:instancePath+"/commitIntervalMs",schemaPath:"#/properties/commitIntervalMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.commitIntervalMs.type,parentSchema:schema11.properties.commitIntervalMs,data:data18};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(coerced23 !== undefined){
data18 = coerced23;
if(data !== undefined){
data["commitIntervalMs"] = coerced23;
}
}
}
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 > 60000 || isNaN(data18)){
const err59 = {instancePath:instancePath+"/commitIntervalMs",schemaPath:"#/properties/commitIntervalMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 60000},message:"must be <= 60000",schema:60000,parentSchema:schema11.properties.commitIntervalMs,data:data18};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
if(data18 < 0 || isNaN(data18)){
const err60 = {instancePath:instancePath+"/commitIntervalMs",schemaPath:"#/properties/commitIntervalMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.commitIntervalMs,data:data18};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
}
}
else {
const err61 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


/** The settings schema this validator was generated from, as JSON: it is used for that very schema only. */
export const generatedFrom = "{\"additionalProperties\":false,\"type\":\"object\",\"properties\":{\"bootstrapServers\":{\"description\":\"host:port of a broker, or a list of them (default 127.0.0.1:9092); Event Hubs: <namespace>.servicebus.windows.net:9093\",\"anyOf\":[{\"minLength\":1,\"type\":\"string\"},{\"minItems\":1,\"type\":\"array\",\"items\":{\"minLength\":1,\"type\":\"string\"}}]},\"clientId\":{\"minLength\":1,\"description\":\"Client id the broker sees in its logs and quotas (default outrigger)\",\"type\":\"string\"},\"securityProtocol\":{\"description\":\"Kafka security.protocol (default PLAINTEXT); Event Hubs: SASL_SSL\",\"anyOf\":[{\"const\":\"PLAINTEXT\",\"type\":\"string\"},{\"const\":\"SSL\",\"type\":\"string\"},{\"const\":\"SASL_PLAINTEXT\",\"type\":\"string\"},{\"const\":\"SASL_SSL\",\"type\":\"string\"}]},\"saslMechanism\":{\"description\":\"Kafka sasl.mechanism, required with SASL_PLAINTEXT and SASL_SSL; Event Hubs: PLAIN\",\"anyOf\":[{\"const\":\"PLAIN\",\"type\":\"string\"},{\"const\":\"SCRAM-SHA-256\",\"type\":\"string\"},{\"const\":\"SCRAM-SHA-512\",\"type\":\"string\"}]},\"username\":{\"minLength\":1,\"description\":\"SASL user; Event Hubs: $ConnectionString\",\"type\":\"string\"},\"password\":{\"minLength\":1,\"description\":\"SASL password; Event Hubs: the namespace connection string (use ${ENV} substitution)\",\"type\":\"string\"},\"tlsCaFile\":{\"minLength\":1,\"description\":\"PEM file of the CAs to trust with SSL / SASL_SSL (default: the system CAs)\",\"type\":\"string\"},\"tlsCertFile\":{\"minLength\":1,\"description\":\"PEM client certificate for mutual TLS; needs tlsKeyFile\",\"type\":\"string\"},\"tlsKeyFile\":{\"minLength\":1,\"description\":\"PEM private key of tlsCertFile\",\"type\":\"string\"},\"maxMessageBytes\":{\"minimum\":1024,\"maximum\":104857600,\"description\":\"Largest record (value, key and headers) accepted (default 1048576; raise with the broker's message.max.bytes)\",\"type\":\"integer\"},\"replicationFactor\":{\"minimum\":1,\"maximum\":32,\"description\":\"Replication factor of the topics the driver creates (default: the broker's default.replication.factor)\",\"type\":\"integer\"},\"createTopics\":{\"description\":\"Create a stream's topic when it is missing (default true); false: it must exist\",\"type\":\"boolean\"},\"connectTimeoutMs\":{\"minimum\":100,\"maximum\":600000,\"description\":\"How long opening a broker connection may take (default 5000)\",\"type\":\"integer\"},\"requestTimeoutMs\":{\"minimum\":1000,\"maximum\":600000,\"description\":\"How long a request may wait for the broker's answer (default 30000)\",\"type\":\"integer\"},\"sessionTimeoutMs\":{\"minimum\":1000,\"maximum\":1800000,\"description\":\"A silent consumer-group member loses its partitions after this long (default 10000)\",\"type\":\"integer\"},\"heartbeatIntervalMs\":{\"minimum\":100,\"maximum\":600000,\"description\":\"Consumer-group heartbeat interval (default 1000; at most a third of sessionTimeoutMs)\",\"type\":\"integer\"},\"processRetryMs\":{\"minimum\":10,\"maximum\":600000,\"description\":\"Pause before a failed batch is processed again (default 1000)\",\"type\":\"integer\"},\"commitIntervalMs\":{\"minimum\":0,\"maximum\":60000,\"description\":\"0 (default): each stream checkpoint is committed before the next batch; more: commits at most once per this many ms, flushed when a partition is given up (a crash repeats at most that much)\",\"type\":\"integer\"}}}";

/** The driver's settings validator. */
export const settingsValidator: ValidateFunction = settings;
