/* eslint-disable */
// @ts-nocheck
// Written by `npm run schema` (src/config/validator-code.ts) from the driver's settings schema: Ajv's standalone
// code, so that start-up compiles nothing. Do not edit.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { schemaFormats as formats } from '../../schema-formats.js';
const require = createRequire(import.meta.url);

export const settings = validate10;
const schema11 = {"additionalProperties":false,"type":"object","properties":{"connectionString":{"minLength":1,"description":"Azure Storage connection string (AccountName=...;AccountKey=... or QueueEndpoint=...;SharedAccessSignature=...); use ${ENV} substitution","type":"string"},"accountUrl":{"minLength":1,"description":"https://<account>.queue.core.windows.net: authenticate with DefaultAzureCredential (Kubernetes workload identity, managed identity, AZURE_* environment; role Storage Queue Data Contributor) instead of a connection string","type":"string"},"clientId":{"minLength":1,"description":"With accountUrl: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)","type":"string"},"messageEncoding":{"description":"How message text is written and read: base64 (what Azure Functions' queue trigger expects) or text (default base64); messages of other clients are read either way","anyOf":[{"const":"base64","type":"string"},{"const":"text","type":"string"}]},"pollMaxMs":{"minimum":50,"maximum":60000,"description":"Storage Queues have no long poll: an empty receive asks again after 50 ms, doubling up to this (default 1000); each ask is a billed transaction","type":"integer"},"createQueues":{"description":"Create configured queues and their '<queue>-poison' queues when missing (default true); without it they must exist","type":"boolean"}}};
const func2 = require("ajv/dist/runtime/ucs2length").default;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((key0 === "connectionString") || (key0 === "accountUrl")) || (key0 === "clientId")) || (key0 === "messageEncoding")) || (key0 === "pollMaxMs")) || (key0 === "createQueues"))){
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
if(data.connectionString !== undefined){
let data0 = data.connectionString;
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
const err1 = {instancePath:instancePath+"/connectionString",schemaPath:"#/properties/connectionString/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.connectionString.type,parentSchema:schema11.properties.connectionString,data:data0};
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
data["connectionString"] = coerced0;
}
}
}
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err2 = {instancePath:instancePath+"/connectionString",schemaPath:"#/properties/connectionString/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.connectionString,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
if(data.accountUrl !== undefined){
let data1 = data.accountUrl;
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
const err3 = {instancePath:instancePath+"/accountUrl",schemaPath:"#/properties/accountUrl/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.accountUrl.type,parentSchema:schema11.properties.accountUrl,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(coerced1 !== undefined){
data1 = coerced1;
if(data !== undefined){
data["accountUrl"] = coerced1;
}
}
}
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err4 = {instancePath:instancePath+"/accountUrl",schemaPath:"#/properties/accountUrl/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.accountUrl,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
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
const err5 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.clientId.type,parentSchema:schema11.properties.clientId,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
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
if(func2(data2) < 1){
const err6 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.clientId,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
if(data.messageEncoding !== undefined){
let data3 = data.messageEncoding;
const _errs9 = errors;
let valid1 = false;
const _errs10 = errors;
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
const err7 = {instancePath:instancePath+"/messageEncoding",schemaPath:"#/properties/messageEncoding/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.messageEncoding.anyOf[0].type,parentSchema:schema11.properties.messageEncoding.anyOf[0],data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(coerced3 !== undefined){
data3 = coerced3;
if(data !== undefined){
data["messageEncoding"] = coerced3;
}
}
}
if("base64" !== data3){
const err8 = {instancePath:instancePath+"/messageEncoding",schemaPath:"#/properties/messageEncoding/anyOf/0/const",keyword:"const",params:{allowedValue: "base64"},message:"must be equal to constant",schema:"base64",parentSchema:schema11.properties.messageEncoding.anyOf[0],data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var _valid0 = _errs10 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs12 = errors;
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
const err9 = {instancePath:instancePath+"/messageEncoding",schemaPath:"#/properties/messageEncoding/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.messageEncoding.anyOf[1].type,parentSchema:schema11.properties.messageEncoding.anyOf[1],data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(coerced4 !== undefined){
data3 = coerced4;
if(data !== undefined){
data["messageEncoding"] = coerced4;
}
}
}
if("text" !== data3){
const err10 = {instancePath:instancePath+"/messageEncoding",schemaPath:"#/properties/messageEncoding/anyOf/1/const",keyword:"const",params:{allowedValue: "text"},message:"must be equal to constant",schema:"text",parentSchema:schema11.properties.messageEncoding.anyOf[1],data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var _valid0 = _errs12 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err11 = {instancePath:instancePath+"/messageEncoding",schemaPath:"#/properties/messageEncoding/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.messageEncoding.anyOf,parentSchema:schema11.properties.messageEncoding,data:data3};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
else {
errors = _errs9;
if(vErrors !== null){
if(_errs9){
vErrors.length = _errs9;
}
else {
vErrors = null;
}
}
}
}
if(data.pollMaxMs !== undefined){
let data4 = data.pollMaxMs;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
let dataType5 = typeof data4;
let coerced5 = undefined;
if(!(coerced5 !== undefined)){
if(dataType5 === "boolean" || data4 === null
              || (dataType5 === "string" && data4 && data4 == +data4 && !(data4 % 1))){
coerced5 = +data4;
}
else {
const err12 = {instancePath:instancePath+"/pollMaxMs",schemaPath:"#/properties/pollMaxMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.pollMaxMs.type,parentSchema:schema11.properties.pollMaxMs,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(coerced5 !== undefined){
data4 = coerced5;
if(data !== undefined){
data["pollMaxMs"] = coerced5;
}
}
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 > 60000 || isNaN(data4)){
const err13 = {instancePath:instancePath+"/pollMaxMs",schemaPath:"#/properties/pollMaxMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 60000},message:"must be <= 60000",schema:60000,parentSchema:schema11.properties.pollMaxMs,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data4 < 50 || isNaN(data4)){
const err14 = {instancePath:instancePath+"/pollMaxMs",schemaPath:"#/properties/pollMaxMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 50},message:"must be >= 50",schema:50,parentSchema:schema11.properties.pollMaxMs,data:data4};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
if(data.createQueues !== undefined){
let data5 = data.createQueues;
if(typeof data5 !== "boolean"){
let coerced6 = undefined;
if(!(coerced6 !== undefined)){
if(data5 === "false" || data5 === 0 || data5 === null){
coerced6 = false;
}
else if(data5 === "true" || data5 === 1){
coerced6 = true;
}
else {
const err15 = {instancePath:instancePath+"/createQueues",schemaPath:"#/properties/createQueues/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.createQueues.type,parentSchema:schema11.properties.createQueues,data:data5};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(coerced6 !== undefined){
data5 = coerced6;
if(data !== undefined){
data["createQueues"] = coerced6;
}
}
}
}
}
else {
const err16 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


/** The settings schema this validator was generated from, as JSON: it is used for that very schema only. */
export const generatedFrom = "{\"additionalProperties\":false,\"type\":\"object\",\"properties\":{\"connectionString\":{\"minLength\":1,\"description\":\"Azure Storage connection string (AccountName=...;AccountKey=... or QueueEndpoint=...;SharedAccessSignature=...); use ${ENV} substitution\",\"type\":\"string\"},\"accountUrl\":{\"minLength\":1,\"description\":\"https://<account>.queue.core.windows.net: authenticate with DefaultAzureCredential (Kubernetes workload identity, managed identity, AZURE_* environment; role Storage Queue Data Contributor) instead of a connection string\",\"type\":\"string\"},\"clientId\":{\"minLength\":1,\"description\":\"With accountUrl: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)\",\"type\":\"string\"},\"messageEncoding\":{\"description\":\"How message text is written and read: base64 (what Azure Functions' queue trigger expects) or text (default base64); messages of other clients are read either way\",\"anyOf\":[{\"const\":\"base64\",\"type\":\"string\"},{\"const\":\"text\",\"type\":\"string\"}]},\"pollMaxMs\":{\"minimum\":50,\"maximum\":60000,\"description\":\"Storage Queues have no long poll: an empty receive asks again after 50 ms, doubling up to this (default 1000); each ask is a billed transaction\",\"type\":\"integer\"},\"createQueues\":{\"description\":\"Create configured queues and their '<queue>-poison' queues when missing (default true); without it they must exist\",\"type\":\"boolean\"}}}";

/** The driver's settings validator. */
export const settingsValidator: ValidateFunction = settings;
